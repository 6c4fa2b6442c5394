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
    follower_ = std::make_unique<registry::ChangeFollower>(db_->pool(), model_, absl::Seconds(1),
                                                           absl::Milliseconds(300));
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
  absl::SleepFor(absl::Milliseconds(400));
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_EQ(follower_->low_water(), 3);  // the holes are given up, the mark moves on
  const int64_t next = Write("Sở Nông nghiệp và Môi trường");
  ASSERT_TRUE(follower_->PollOnce().ok());
  EXPECT_NE(model_.Get(next), nullptr);
  EXPECT_EQ(follower_->low_water(), 4);
}

}  // namespace
}  // namespace thidua::testing
