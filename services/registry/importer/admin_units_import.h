#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/registry/domain/organization.h"
#include "services/registry/importer/admin_units_data.h"

namespace thidua::registry::importer {

struct ImportSummary {
  bool already_imported = false;
  int organizations = 0;
  int events = 0;
  int lineage_edges = 0;
  absl::Duration took;
};

// Writes the 2025 reorganisation into the registry in one transaction: the nation, the 63 old
// provinces with their districts and communes (valid until 30/06/2025), the 34 provinces and 3,321
// communes valid from 01/07/2025, and the events and lineage linking them. A unit that kept its
// code, name and whole territory (Hà Nội, a few communes) stays the same organisation: it is moved,
// not replaced. Idempotent: the dataset's checksum is recorded and a second run changes nothing;
// a different dataset under the same name is refused (FAILED_PRECONDITION) for a human to decide.
absl::StatusOr<ImportSummary> ImportAdminUnits(db::Pool& pool, const AdminUnits& data);

// How many administrative units of each kind the import creates that are in force on `iso_date`
// ("2025-06-30"), built as ImportAdminUnits builds them but without a database: what the tests
// check against the published totals. The nation is not counted.
absl::StatusOr<std::map<Kind, int>> KindsInForce(const AdminUnits& data,
                                                 const std::string& iso_date);

// An event as the import records it, seen from one participant.
struct ImportedEvent {
  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  CivilDay effective_date;
  std::string legal_basis;
  std::string note;
  std::string role;  // the participant's: "subject", "predecessor", ...
};

// The old unit with GSO code `code` (2 digits a province, 3 a district, 5 a commune) as the import
// creates it, built as ImportAdminUnits builds it but without a database: its versions in order and
// the events it takes part in. What the tests of renames check; NOT_FOUND for an unknown code.
struct ImportedUnit {
  std::vector<Version> versions;
  std::vector<ImportedEvent> events;
};
absl::StatusOr<ImportedUnit> ImportedOldUnit(const AdminUnits& data, const std::string& code);

}  // namespace thidua::registry::importer
