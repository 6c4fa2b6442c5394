#pragma once

#include <map>
#include <string>

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

}  // namespace thidua::registry::importer
