#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace thidua::registry::importer {

// A recorded correction of one field of one row of a source CSV file (errata.tsv beside the data,
// see its README): the source is kept as published, and every departure from it is written down
// with its reason and checked on every import.
struct Erratum {
  int line = 0;            // in errata.tsv, for messages
  std::string file;        // "old-units.csv"
  std::string key_column;  // the row is the one whose key_column holds key_value
  std::string key_value;
  std::string field;      // the column corrected
  std::string wrong;      // its value as the source gives it
  std::string corrected;  // its value after correction
  std::string reason;     // why, and the source of the correction
};

// Reads errata.tsv: '#' comments and blank lines, the header line
// "file<TAB>row<TAB>field<TAB>wrong<TAB>corrected<TAB>reason", then one erratum a line with the row
// given as column=value ("commune_code=31114"). Every column is required.
absl::StatusOr<std::vector<Erratum>> ParseErrata(absl::string_view tsv);

// Corrects `files` (name → content) by every erratum. Fails, naming the erratum, when its file is
// not one of the CSV files given, its row is missing or not unique, or the field no longer holds
// the wrong value: a source corrected upstream, or changed, is noticed rather than overwritten.
absl::Status ApplyErrata(const std::vector<Erratum>& errata,
                         std::map<std::string, std::string>& files);

}  // namespace thidua::registry::importer
