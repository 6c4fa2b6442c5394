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

  static int CountRows(db::Connection& conn) {
    std::unique_ptr<sql::ResultSet> rows(
        conn.Prepare("SELECT COUNT(*) FROM rows_written").executeQuery());
    rows->next();
    return rows->getInt(1);
  }

  int RowsWritten() {
    int count = -1;
    const absl::Status status = pool_->Run(Soon(), [&](db::Connection& conn) {
      count = CountRows(conn);
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

// A snapshot read sees the same committed rows in every statement, even on a session that reads
// committed (as reporting's does), while a write commits between its statements; each of a plain
// Run's statements sees the latest commit.
TEST_F(PoolTest, ASnapshotReadSeesOneStateWhileWritesCommit) {
  db::Options options = database_->options(/*pool_size=*/2);
  options.read_committed = true;
  auto opened = db::Pool::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  db::Pool& pool = **opened;
  auto count = [](db::Connection& conn) {
    std::unique_ptr<sql::ResultSet> rows(
        conn.Prepare("SELECT COUNT(*) FROM rows_written").executeQuery());
    rows->next();
    return rows->getInt(1);
  };
  int next_id = 0;
  auto commit_a_row = [&] {
    const absl::Status written = pool.Transact(Soon(), [&](db::Connection& conn) {
      conn.Execute("INSERT INTO rows_written VALUES (" + std::to_string(++next_id) + ")");
      return absl::OkStatus();
    });
    ASSERT_TRUE(written.ok()) << written;
  };
  // Counts the rows, commits one on another connection, and counts again.
  int first = -1, second = -1;
  auto count_around_a_commit = [&](db::Connection& conn) {
    first = count(conn);
    commit_a_row();
    second = count(conn);
    return absl::OkStatus();
  };
  ASSERT_TRUE(pool.ReadSnapshot(Soon(), count_around_a_commit).ok());
  EXPECT_EQ(first, 0);
  EXPECT_EQ(second, 0) << "a write committed during the snapshot showed in it";
  ASSERT_TRUE(pool.Run(Soon(), count_around_a_commit).ok());
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 2);
  // The session's own level is unchanged after a snapshot.
  ASSERT_TRUE(pool.ReadSnapshot(Soon(), [&](db::Connection&) { return absl::OkStatus(); }).ok());
  ASSERT_TRUE(pool.Run(Soon(),
                       [&](db::Connection& conn) {
                         std::unique_ptr<sql::ResultSet> level(
                             conn.Prepare("SELECT @@SESSION.tx_isolation").executeQuery());
                         level->next();
                         EXPECT_EQ(level->getString(1), "READ-COMMITTED");
                         return absl::OkStatus();
                       })
                  .ok());
}

// A write's session is left out of autocommit, so its next transaction opens with its first
// statement; with one connection for everything, that transaction still rolls back whole, a
// plain Run after it sees each latest commit (no transaction stays open), and a snapshot keeps
// its one state.
TEST_F(PoolTest, OneConnectionServesWritesPlainReadsAndSnapshotsInTurn) {
  auto other_pool = db::Pool::Open(database_->options(/*pool_size=*/1));
  ASSERT_TRUE(other_pool.ok()) << other_pool.status();
  int next_id = 0;
  auto insert = [&](db::Connection& conn) {
    conn.Execute("INSERT INTO rows_written VALUES (" + std::to_string(++next_id) + ")");
  };
  auto commit_a_row = [&](db::Pool& pool) {
    ASSERT_TRUE(pool.Transact(Soon(),
                              [&](db::Connection& conn) {
                                insert(conn);
                                return absl::OkStatus();
                              })
                    .ok());
  };
  auto commit_elsewhere = [&] { commit_a_row(**other_pool); };
  for (int round = 0; round < 2; ++round) {
    const int before = RowsWritten();
    commit_a_row(*pool_);
    EXPECT_EQ(RowsWritten(), before + 1);
    const absl::Status refused = pool_->Transact(Soon(), [&](db::Connection& conn) {
      insert(conn);
      insert(conn);
      return absl::FailedPreconditionError("refused after writing");
    });
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(RowsWritten(), before + 1) << "a refused transaction left rows";
    commit_elsewhere();
    EXPECT_EQ(RowsWritten(), before + 2);
    commit_elsewhere();
    EXPECT_EQ(RowsWritten(), before + 3) << "a plain read stayed on an old state";
    // A snapshot right after a write, on the same session.
    commit_a_row(*pool_);
    int first = -1, second = -1;
    ASSERT_TRUE(pool_
                    ->ReadSnapshot(Soon(),
                                   [&](db::Connection& conn) {
                                     first = CountRows(conn);
                                     commit_elsewhere();
                                     second = CountRows(conn);
                                     return absl::OkStatus();
                                   })
                    .ok());
    EXPECT_EQ(first, before + 4);
    EXPECT_EQ(second, before + 4) << "a write committed during the snapshot showed in it";
    EXPECT_EQ(RowsWritten(), before + 5);
  }
}

}  // namespace
}  // namespace thidua::testing
