#include "tests/support/test_database.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"

namespace thidua::testing {
namespace {

absl::Status Admin(const std::string& socket, const std::string& statement) {
  db::Options root;
  root.socket = socket;
  root.user = "root";
  root.pool_size = 1;
  auto pool = db::Pool::Open(root);
  if (!pool.ok()) return pool.status();
  return (*pool)->Run(absl::Now() + absl::Seconds(30), [&](db::Connection& conn) {
    conn.Execute(statement);
    return absl::OkStatus();
  });
}

}  // namespace

std::string TestDatabase::Socket() {
  if (const char* env = std::getenv("THIDUA_TEST_DB_SOCKET")) return env;
  return THIDUA_TEST_DB_SOCKET;
}

std::unique_ptr<TestDatabase> TestDatabase::Create() { return Create(Socket()); }

std::unique_ptr<TestDatabase> TestDatabase::Create(const std::string& socket) {
  std::random_device rd;
  auto db = std::unique_ptr<TestDatabase>(new TestDatabase());
  db->socket_ = socket;
  db->name_ = absl::StrCat("t_", std::to_string(rd()), "_", std::to_string(rd() % 100000));
  const absl::Status created =
      Admin(socket, absl::StrCat("CREATE DATABASE ", db->name_,
                                 " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"));
  EXPECT_TRUE(created.ok()) << created;
  if (!created.ok()) return nullptr;
  auto pool = db::Pool::Open(db->options());
  EXPECT_TRUE(pool.ok()) << pool.status();
  if (!pool.ok()) return nullptr;
  db->pool_ = *std::move(pool);
  return db;
}

TestDatabase::~TestDatabase() {
  pool_.reset();
  if (!name_.empty()) (void)Admin(socket_, absl::StrCat("DROP DATABASE IF EXISTS ", name_));
}

db::Options TestDatabase::options(int pool_size) const {
  db::Options o;
  o.socket = socket_;
  o.user = "root";
  o.database = name_;
  o.pool_size = pool_size;
  return o;
}

}  // namespace thidua::testing
