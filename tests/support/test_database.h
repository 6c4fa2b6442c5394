#pragma once

#include <memory>
#include <string>

#include "common/db/pool.h"

namespace thidua::testing {

// A fresh schema in the harness's MariaDB (socket THIDUA_TEST_DB_SOCKET), dropped at destruction.
class TestDatabase {
 public:
  static std::unique_ptr<TestDatabase> Create();
  // The same in another MariaDB, listening on `socket`.
  static std::unique_ptr<TestDatabase> Create(const std::string& socket);
  ~TestDatabase();

  const std::string& name() const { return name_; }
  db::Options options(int pool_size = 8) const;
  db::Pool& pool() { return *pool_; }
  static std::string Socket();

 private:
  std::string socket_;
  std::string name_;
  std::unique_ptr<db::Pool> pool_;
};

}  // namespace thidua::testing
