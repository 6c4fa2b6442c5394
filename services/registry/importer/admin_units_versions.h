#pragma once

#include <vector>

#include "absl/strings/string_view.h"

namespace thidua::registry::importer {

// A version of the admin-units-2025 files an earlier registry shipped and imported, by the checksum
// ReadAdminUnits recorded for it. An import of one of these is upgraded to the current files
// (admin_units_upgrade.h); any other checksum is files nobody can vouch for, and is refused.
struct EarlierVersion {
  absl::string_view checksum;  // SHA-256 hex, as reference_imports.checksum holds it
  absl::string_view what;      // what those files lacked, for messages and the audit log
};

// Every earlier version, oldest first.
const std::vector<EarlierVersion>& EarlierVersions();

// The earlier version with this checksum; nullptr when none is known.
const EarlierVersion* FindEarlierVersion(absl::string_view checksum);

}  // namespace thidua::registry::importer
