#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/db/pool.h"

namespace thidua::db {

// One numbered SQL file of a service ("0001_organizations.sql"). Released files are never edited:
// their checksum is recorded and a changed file stops the service at start-up.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Applies the migrations not yet recorded in `schema_migrations`, in order. A named server lock
// makes replicas that start together take turns instead of racing.
absl::Status Migrate(Pool& pool, const std::vector<Migration>& migrations);

// The statements of a migration file: split at semicolons that end a line, except inside a
// compound body, which opens with a line ending in BEGIN and closes with its line "END;" (in
// either case; a nested block likewise). A body's END stands alone on its line.
std::vector<std::string> SplitStatements(const std::string& sql);

}  // namespace thidua::db
