#pragma once

#include "absl/status/statusor.h"
#include "common/db/pool.h"
#include "services/registry/importer/admin_units_data.h"
#include "services/registry/importer/admin_units_import.h"
#include "services/registry/importer/admin_units_versions.h"

namespace thidua::registry::importer {

// Brings a registry that imported `earlier` up to `data`, inside the caller's transaction (which
// holds reference_imports' row locked), and records data's checksum. No organisation id changes and
// nothing users wrote is touched: each unit of the files is found by its code and the first day
// of that code (its last day may be earlier: users may have recorded the unit's end) and corrected
// in place (its kind, the names of its versions) and the renames the files add are recorded as the
// import records them (the version of the earlier name and a RENAME event with its legal basis).
// Every corrected organisation gets a new etag and an audit_log row, and replicas reload.
//
// Refused (FAILED_PRECONDITION, reason REFERENCE_UPGRADE_REFUSED, listing at most 10 units and
// how many more) when a correction cannot be decided safely: a unit of the files the registry lacks
// or holds twice, a unit the earlier import created that the files no longer have, a kind the
// unit's parents or children do not allow, a version whose period or parent differs from the files
// where no event users recorded explains it, a name to correct that an event users recorded set,
// or a rename into a history users extended before its date. Nothing is written then.
absl::StatusOr<UpgradeSummary> UpgradeAdminUnits(db::Connection& conn, const AdminUnits& data,
                                                 const EarlierVersion& earlier);

}  // namespace thidua::registry::importer
