#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/registry/importer/admin_units_renames.h"

namespace thidua::registry::importer {

// One administrative unit of the official lists. `parent_code` is the province of a district, the
// district of an old commune, the province of a new commune; empty for provinces.
struct Unit {
  std::string code;
  std::string name;
  std::string parent_code;
};

// A new unit and the old units merged into it (full, or the part of a split one).
struct Merge {
  std::string new_code;
  struct Part {
    std::string old_code;
    bool full;
  };
  std::vector<Part> parts;
};

// The official 2025 reorganisation, read from the files of services/registry/data/admin-units-2025
// (see its README) with the corrections its errata.tsv records and the earlier names its
// renames.tsv records, and checked for consistency: every merged-in old unit exists, every old
// commune goes somewhere, every new commune has a province, every name starts with a type of its
// level (see admin_units_types.h). A stale erratum, one that no longer matches its source row, is
// an error; so is a stale rename, one whose code is no old unit's or whose new name is not the name
// the lists give the unit on 30 June 2025 (or the unit's next rename gives it before), and a rename
// dated after that day, which the lists cannot confirm.
struct AdminUnits {
  std::vector<Unit> old_provinces, old_districts, old_communes;
  std::vector<Unit> new_provinces, new_communes;
  std::vector<Merge> province_merges, commune_merges;
  std::vector<Rename> renames;  // of old units, in the order of renames.tsv
  std::string checksum;  // SHA-256 over the files read, errata and renames, so a change is noticed
};

absl::StatusOr<AdminUnits> ReadAdminUnits(const std::string& dir);

}  // namespace thidua::registry::importer
