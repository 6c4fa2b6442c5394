// The change follower keeps a replica's read model in step with writes it did not make, including
// writes that commit out of sequence order and sequence holes left by rolled-back transactions.
#include "services/registry/model/change_follower.h"

#include <gtest/gtest.h>

#include "common/text.h"
#include "services/registry/store/registry_store.h"
#include "tests/support/registry_server.h"
#include "tests/support/test_database.h"

namespace thidua::testing {
namespace {

namespace v1 = registry::v1;

class ChangeFollowerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    Migrate(db_->pool());
    follower_ = std::make_unique<registry::ChangeFollower>(
        db_->pool(), model_, absl::Seconds(1), absl::Seconds(5), absl::Minutes(10), clock_);
    ASSERT_TRUE(follower_->LoadAll().ok());
  }

  // Writes an organisation and its change row, with an explicit sequence number when `seq` > 0.
  int64_t Write(const std::string& name, int64_t seq = 0) {
    int64_t id = 0;
    const absl::Status status =
        db_->pool().Transact(absl::Now() + absl::Seconds(10), [&](db::Connection& conn) {
          registry::Organization org;
          org.kind = v1::DEPARTMENT;
          org.versions.push_back({{}, name, text::Fold(name), 0});
          registry::store::InsertOrganization(conn, org);
          id = org.id;
          auto& insert = conn.Prepare(
              seq > 0 ? "INSERT INTO changes (seq, entity, entity_id) VALUES (?, 'organization', ?)"
                      : "INSERT INTO changes (entity, entity_id) VALUES ('organization', ?)");
          int param = 1;
          if (seq > 0) insert.setInt64(param++, seq);
          insert.setInt64(param, id);
          insert.executeUpdate();
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return id;
  }

  FakeClock clock_{absl::FromUnixSeconds(1'780'000'000)};
  std::unique_ptr<TestDatabase> db_;
  registry::ReadModel model_;
  std::unique_ptr<registry::ChangeFollower> follower_;
};

TEST_F(ChangeFollowerTest, AppliesWritesOfOtherReplicas) {
  const int64_t id = Write("Sở Y tế");
  EXPECT_EQ(model_.Get(id), nullptr);
  ASSERT_TRUE(follower_->PollOnce().ok());
  ASSERT_NE(model_.Get(id), nullptr);
  EXPECT_EQ(model_.Get(id)->versions.front().display_name, "Sở Y tế");
}

TEST_F(ChangeFollowerTest, AChangeCommittedLateBelowANewerOneIsNotMissed) {
  Write("Sở Tài chính", 10);
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_EQ(follower_->low_water(), 0);  // holes 1..9 may still be filled
  // Sequence 5 commits after 10 was seen: the follower had not moved past the hole.
  const int64_t late = Write("Sở Xây dựng", 5);
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_NE(model_.Get(late), nullptr);
}

TEST_F(ChangeFollowerTest, AWriteCommittingDuringAFullReloadIsNotLost) {
  Write("Sở Tài chính", 10);
  ASSERT_TRUE(follower_->LoadAll().ok());  // the mark is 10; 1..9 may still commit
  const int64_t late = Write("Sở Xây dựng", 5);
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_NE(model_.Get(late), nullptr);
}

TEST_F(ChangeFollowerTest, APermanentHoleIsSkippedAfterTheGapTimeout) {
  Write("Sở Công Thương", 3);  // 1 and 2 never commit (rolled back)
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_EQ(follower_->low_water(), 0);
  clock_.Advance(absl::Seconds(6));
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_EQ(follower_->low_water(), 3);  // the holes are passed over, the mark moves on
  const int64_t next = Write("Sở Nông nghiệp và Môi trường");
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_NE(model_.Get(next), nullptr);
  EXPECT_EQ(follower_->low_water(), 4);
}

// Seen: a hole was given up after 5 s and a write committing later was lost for good.
TEST_F(ChangeFollowerTest, AWriteCommittingAfterItsHoleWasPassedOverIsStillApplied) {
  Write("Sở Tài chính", 10);
  ASSERT_TRUE(follower_->PollOnce().ok());
  clock_.Advance(absl::Seconds(6));
  ASSERT_TRUE(follower_->PollOnce().ok());
  ASSERT_EQ(follower_->low_water(), 10);  // 1..9 passed over
  clock_.Advance(absl::Minutes(3));
  const int64_t late = Write("Sở Xây dựng", 4);  // a transaction that took minutes to commit
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_NE(model_.Get(late), nullptr);
  // Past the window a hole is forgotten: a rolled-back write is not looked for for ever.
  clock_.Advance(absl::Minutes(10));
  ASSERT_TRUE(follower_->PollOnce().ok());
  const int64_t too_late = Write("Sở Y tế", 6);
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_EQ(model_.Get(too_late), nullptr);
}

TEST_F(ChangeFollowerTest, AnOlderVersionNeverReplacesANewerOne) {
  const int64_t id = Write("Sở Tư pháp");
  ASSERT_TRUE(follower_->PollOnce().ok());
  registry::Organization newer = *model_.Get(id);
  newer.version = 5;
  newer.versions.front().display_name = "Sở Tư pháp (mới)";
  model_.Put(newer, {});
  registry::Organization older = newer;
  older.version = 4;
  older.versions.front().display_name = "Sở Tư pháp (cũ)";
  model_.Put(older, {});  // a reload that read the row before the last write landed late
  EXPECT_EQ(model_.Get(id)->versions.front().display_name, "Sở Tư pháp (mới)");
}

}  // namespace
}  // namespace thidua::testing
