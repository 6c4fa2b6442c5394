// The connection pool gives its connection back whatever `fn` throws, and a transaction that a
// non-SQL exception interrupted leaves nothing written: the session it ran on is closed, which
// rolls it back, and the next call gets a fresh one.
#include "common/db/pool.h"

#include <functional>
#include <new>
#include <stdexcept>

#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace thidua::testing {
namespace {

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Create();
    ASSERT_TRUE(database_ != nullptr);
    auto pool = db::Pool::Open(database_->options(/*pool_size=*/1));
    ASSERT_TRUE(pool.ok()) << pool.status();
    pool_ = *std::move(pool);
    ASSERT_TRUE(pool_
                    ->Run(Soon(),
                          [](db::Connection& conn) {
                            conn.Execute("CREATE TABLE rows_written (id INT PRIMARY KEY)");
                            return absl::OkStatus();
                          })
                    .ok());
  }

  static absl::Time Soon() { return absl::Now() + absl::Seconds(2); }

  int RowsWritten() {
    int count = -1;
    const absl::Status status = pool_->Run(Soon(), [&](db::Connection& conn) {
      std::unique_ptr<sql::ResultSet> rows(
          conn.Prepare("SELECT COUNT(*) FROM rows_written").executeQuery());
      rows->next();
      count = rows->getInt(1);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return count;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<db::Pool> pool_;
};

TEST_F(PoolTest, EveryKindOfExceptionGivesTheOnlyConnectionBackAndRollsBack) {
  // With one connection, a leaked one would make every later call wait out its deadline.
  const std::vector<std::function<void()>> throws = {
      [] { throw std::runtime_error("a parse failure"); },
      [] { throw std::bad_alloc(); },
      [] { throw 42; },
      [] { throw sql::SQLException("a driver error", "HY000", 1105); },
  };
  for (size_t i = 0; i < throws.size(); ++i) {
    const absl::Status status = pool_->Transact(Soon(), [&](db::Connection& conn) {
      conn.Execute("INSERT INTO rows_written VALUES (" + std::to_string(i) + ")");
      throws[i]();
      return absl::OkStatus();
    });
    EXPECT_FALSE(status.ok()) << i;
    const absl::Time before = absl::Now();
    EXPECT_EQ(RowsWritten(), 0) << "exception " << i << " left its row";
    EXPECT_LT(absl::Now() - before, absl::Seconds(1))
        << "exception " << i << " kept the connection";
  }
}

}  // namespace
}  // namespace thidua::testing
