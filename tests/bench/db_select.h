#pragma once
// pk_select and raw_insert: the fastest read and write the services can ask, through the same
// client library.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/bench/load.h"

namespace thidua::bench {

struct DbSettings {
  std::string socket;
  std::string host;
  int port = 3306;
  std::string user;
  std::string password;
  std::string database;
  std::string table;
};

// One connection per --concurrency, each selecting rows of `db.table` by a random id.
absl::StatusOr<std::vector<Observed>> RunSelects(const Settings& settings, const DbSettings& db,
                                                 const std::vector<int64_t>& ids);

// raw_insert: one connection per --concurrency, each committing transactions of one `rows`-row
// INSERT into a scratch table shaped as the reporting service's accepted figures: the durable
// write a report's figures cost at the least.
absl::StatusOr<std::vector<Observed>> RunInserts(const Settings& settings, const DbSettings& db,
                                                 int rows);

}  // namespace thidua::bench
