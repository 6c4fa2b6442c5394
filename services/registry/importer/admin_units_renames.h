#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace thidua::registry::importer {

// A unit of the old lists that changed its name, and nothing else, before 1 July 2025 (renames.tsv
// beside the data, see its README). The lists give only the name in force on 30 June 2025; earlier
// names, which old documents and searches still use, come from here.
struct Rename {
  int line = 0;              // in renames.tsv, for messages
  std::string code;          // GSO code of the unit: 2 digits a province, 3 a district, 5 a commune
  absl::CivilDay effective;  // the first day of the new name
  std::string name_before;   // the official name until the day before
  std::string name_from;     // the official name from `effective`
  std::string legal_basis;   // "Nghị quyết 175/2024/QH15"
  std::string source;        // where the facts were checked
};

// Reads renames.tsv: '#' comments and blank lines, the header line
// "code<TAB>effective<TAB>name_before<TAB>name_from<TAB>legal_basis<TAB>source", then one rename a
// line with the date as YYYY-MM-DD. Every column is required.
absl::StatusOr<std::vector<Rename>> ParseRenames(absl::string_view tsv);

}  // namespace thidua::registry::importer
