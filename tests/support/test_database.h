#pragma once

#include <memory>
#include <string>

#include "common/db/pool.h"

namespace thidua::testing {

// A fresh schema in the harness's MariaDB (socket THIDUA_TEST_DB_SOCKET), dropped at destruction.
class TestDatabase {
 public:
  static std::unique_ptr<TestDatabase> Create();
  ~TestDatabase();

  const std::string& name() const { return name_; }
  db::Options options(int pool_size = 8) const;
  db::Pool& pool() { return *pool_; }
  static std::string Socket();

 private:
  std::string name_;
  std::unique_ptr<db::Pool> pool_;
};

}  // namespace thidua::testing
