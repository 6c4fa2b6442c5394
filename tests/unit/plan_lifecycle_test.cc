// The plan's state machine: every (status, action) pair, and what an assignee's report needs.
#include "services/plans/domain/plan_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace thidua::plans {
namespace {

using ::testing::ElementsAre;

constexpr auto kUnknownStatus = static_cast<v1::PlanStatus>(99);

// The reason and bad fields of an error, as the caller receives them.
struct Sent {
  std::string reason;
  std::vector<std::string> fields;
};

Sent SentOf(const absl::Status& status) {
  Sent sent;
  google::rpc::Status details;
  if (!details.ParseFromString(ToGrpcStatus(status).error_details())) return sent;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&info)) sent.reason = info.reason();
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) sent.fields.push_back(v.field());
    }
  }
  return sent;
}

// The whole table, written out: the status after the action, or the end of the English refusal
// ("A DRAFT plan cannot be " + it), which the handlers sent before the rules moved here.
struct Expected {
  std::optional<v1::PlanStatus> after;
  std::string refused;
};

const std::map<std::pair<v1::PlanStatus, PlanAction>, Expected>& Table() {
  using A = PlanAction;
  static const auto* table = new std::map<std::pair<v1::PlanStatus, PlanAction>, Expected>{
      {{v1::DRAFT, A::kEdit}, {v1::DRAFT, ""}},
      {{v1::DRAFT, A::kCheck}, {v1::DRAFT, ""}},
      {{v1::DRAFT, A::kIssue}, {v1::ISSUED, ""}},
      {{v1::DRAFT, A::kAmend}, {std::nullopt, "amended"}},
      {{v1::DRAFT, A::kClose}, {std::nullopt, "closed"}},
      {{v1::DRAFT, A::kReportProgress}, {std::nullopt, "reported on"}},
      {{v1::DRAFT, A::kShowBeyondIssuer}, {std::nullopt, "read outside its issuer"}},

      {{v1::ISSUED, A::kEdit}, {std::nullopt, "edited; amend it"}},
      {{v1::ISSUED, A::kCheck}, {v1::ISSUED, ""}},
      {{v1::ISSUED, A::kIssue}, {std::nullopt, "issued again"}},
      {{v1::ISSUED, A::kAmend}, {v1::ISSUED, ""}},
      {{v1::ISSUED, A::kClose}, {v1::CLOSED, ""}},
      {{v1::ISSUED, A::kReportProgress}, {v1::ISSUED, ""}},
      {{v1::ISSUED, A::kShowBeyondIssuer}, {v1::ISSUED, ""}},

      {{v1::CLOSED, A::kEdit}, {std::nullopt, "edited; amend it"}},
      {{v1::CLOSED, A::kCheck}, {v1::CLOSED, ""}},
      {{v1::CLOSED, A::kIssue}, {std::nullopt, "issued again"}},
      {{v1::CLOSED, A::kAmend}, {std::nullopt, "amended"}},
      {{v1::CLOSED, A::kClose}, {std::nullopt, "closed"}},
      {{v1::CLOSED, A::kReportProgress}, {std::nullopt, "reported on"}},
      {{v1::CLOSED, A::kShowBeyondIssuer}, {v1::CLOSED, ""}},
  };
  return *table;
}

std::string NameOf(PlanAction action) { return std::to_string(static_cast<int>(action)); }

TEST(PlanLifecycleTest, EveryStatusAllowsExactlyTheActionsOfTheTable) {
  for (v1::PlanStatus status : {v1::DRAFT, v1::ISSUED, v1::CLOSED}) {
    for (PlanAction action : kPlanActions) {
      SCOPED_TRACE(v1::PlanStatus_Name(status) + " action " + NameOf(action));
      const auto found = Table().find({status, action});
      ASSERT_NE(found, Table().end()) << "a pair missing from the table";
      const Expected& expected = found->second;
      EXPECT_EQ(PlanAllows(status, action), expected.after.has_value());
      const auto after = PlanStatusAfter(status, action);
      if (expected.after) {
        ASSERT_TRUE(after.ok()) << after.status();
        EXPECT_EQ(*after, *expected.after);
        continue;
      }
      ASSERT_FALSE(after.ok());
      EXPECT_EQ(after.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(SentOf(after.status()).reason, "PLAN_STATUS");
      // The English sentence as the handlers wrote it, then the Vietnamese one.
      EXPECT_EQ(after.status().message(), "A " + v1::PlanStatus_Name(status) + " plan cannot be " +
                                              expected.refused + " | Kế hoạch ở trạng thái " +
                                              v1::PlanStatus_Name(status) +
                                              " không thể thực hiện thao tác này");
    }
  }
  EXPECT_EQ(Table().size(), 3 * std::size(kPlanActions));
}

TEST(PlanLifecycleTest, AnUnspecifiedOrUnknownStatusAllowsNothing) {
  for (v1::PlanStatus status : {v1::PLAN_STATUS_UNSPECIFIED, kUnknownStatus}) {
    for (PlanAction action : kPlanActions) {
      SCOPED_TRACE(std::to_string(status) + " action " + NameOf(action));
      EXPECT_FALSE(PlanAllows(status, action));
      const auto after = PlanStatusAfter(status, action);
      ASSERT_FALSE(after.ok());
      EXPECT_EQ(SentOf(after.status()).reason, "PLAN_STATUS");
    }
  }
}

TEST(TaskReportTest, EveryStateMayBeReportedAndOnlyDoneHasItsDay) {
  for (int state : {1, 2, 3, 4}) {  // NOT_STARTED, IN_PROGRESS, DONE, BLOCKED
    for (bool dated : {false, true}) {
      SCOPED_TRACE(v1::TaskState_Name(state) + (dated ? " dated" : " undated"));
      Violations v;
      CheckTaskReport(state, dated, v);
      if ((state == v1::DONE) != dated) {
        EXPECT_THAT(SentOf(v.ToStatus()).fields, ElementsAre("done_date"));
      } else {
        EXPECT_TRUE(v.empty());
      }
    }
  }
}

TEST(TaskReportTest, WorkIsNotDoneBeforeTheYearItReportsOn) {
  for (const auto& [done, year, refused] :
       {std::tuple(absl::CivilDay(2026, 11, 1), 2030, true),
        std::tuple(absl::CivilDay(2025, 12, 31), 2026, true),
        std::tuple(absl::CivilDay(2026, 1, 1), 2026, false),
        std::tuple(absl::CivilDay(2027, 1, 10), 2026, false)}) {  // late, not wrong
    Violations v;
    CheckDoneInYear(done, year, v);
    EXPECT_EQ(!v.empty(), refused) << absl::FormatCivilTime(done) << " for " << year;
    if (refused) {
      EXPECT_THAT(SentOf(v.ToStatus()).fields, ElementsAre("done_date"));
    }
  }
}

TEST(TaskReportTest, AReportNamesARealState) {
  for (int state : {0, 5, -1, 99}) {
    for (bool dated : {false, true}) {
      SCOPED_TRACE(std::to_string(state) + (dated ? " dated" : " undated"));
      Violations v;
      CheckTaskReport(state, dated, v);
      const Sent sent = SentOf(v.ToStatus());
      EXPECT_EQ(sent.reason, "INVALID_ARGUMENT");
      EXPECT_THAT(sent.fields, ElementsAre("state"));
    }
  }
}

}  // namespace
}  // namespace thidua::plans
