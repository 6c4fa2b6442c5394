#pragma once

#include <string>
#include <vector>

#include "common/db/pool.h"
#include "services/registry/importer/admin_units_data.h"

// What the earliest release of the registry wrote when it imported the admin-units files, made in
// a test database from a fresh import of today's files, for the tests of the upgrade.
namespace thidua::testing {

// The shipped dataset's folder.
extern const std::string kAdminUnitsDir;

// Turns a fresh import of `today` (ReadAdminUnits(kAdminUnitsDir)) into the rows the earliest
// release wrote, ids kept, and records that release's checksum (EarlierVersions()[0]). That release
// read the published files alone: old-units.csv as published, where Kiên Hải's district and
// commune names are swapped and a district is named after its first row; it typed only "Thị trấn …"
// as townships (not "Thị Trấn …") and knew no renames. Its reader cannot run any more (today's
// refuses those rows), so its rows are made here from the files as published, read, not copied.
void MakeEarliestImport(db::Pool& pool, const registry::importer::AdminUnits& today);

// The rows the second release wrote (EarlierVersions()[1]): today's, without the renames.
void MakeImportBeforeRenames(db::Pool& pool, const registry::importer::AdminUnits& today);

// The rows of `sql` (no parameters), each as its columns joined by '|', in order.
std::vector<std::string> Query(db::Pool& pool, const std::string& sql);

// Runs `statements` (no parameters) in one transaction; fails the test on error.
void Exec(db::Pool& pool, const std::vector<std::string>& statements);

// The SQL subquery of the id of the unit holding ADMIN_UNIT `code` from `valid_from`
// ("1000-01-01": an old unit).
std::string IdOf(const std::string& code, const std::string& valid_from = "1000-01-01");

}  // namespace thidua::testing
