// Retried writes (AIP-155) through both services: a request id answers only its own caller, only
// for the same payload, and is compared byte for byte.
#include "common/db/idempotency.h"

#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class IdempotencyTest : public PlansTest {
 protected:
  pv1::Plan Draft(int64_t issuer, const std::string& title, const std::string& request_id,
                  const std::string& token, grpc::Status* status_out = nullptr) {
    pv1::CreatePlanRequest request;
    request.set_request_id(request_id);
    request.mutable_plan()->set_issuer_organization_id(issuer);
    request.mutable_plan()->set_title(title);
    request.mutable_plan()->set_period_from_year(2026);
    request.mutable_plan()->set_period_to_year(2026);
    pv1::Plan out;
    const grpc::Status status = plans_->stub().CreatePlan(WithToken(token).get(), request, &out);
    if (status_out != nullptr) {
      *status_out = status;
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return out;
  }

  v1::Organization Department(const std::string& name, const std::string& request_id,
                              grpc::Status* status) {
    v1::CreateOrganizationRequest request;
    request.set_request_id(request_id);
    request.mutable_organization()->set_display_name(name);
    request.mutable_organization()->set_kind(v1::DEPARTMENT);
    request.mutable_organization()->set_parent_id(province_);
    v1::Organization out;
    *status = stub().CreateOrganization(WithToken(admin_).get(), request, &out);
    return out;
  }

  int64_t CountKeys() {
    int64_t n = 0;
    EXPECT_TRUE(
        plans_->pool()
            .Run(absl::Now() + absl::Seconds(5),
                 [&](db::Connection& conn) {
                   std::unique_ptr<sql::ResultSet> rows(
                       conn.Prepare("SELECT COUNT(*) FROM idempotency_keys").executeQuery());
                   rows->next();
                   n = rows->getInt64(1);
                   return absl::OkStatus();
                 })
            .ok());
    return n;
  }
};

TEST_F(IdempotencyTest, ARetryOfTheSameRequestReturnsTheFirstResult) {
  const pv1::Plan first = Draft(province_, "Kế hoạch thử lại", "retry-1", editor_);
  const pv1::Plan second = Draft(province_, "Kế hoạch thử lại", "retry-1", editor_);
  EXPECT_EQ(first.id(), second.id());
  EXPECT_EQ(first.etag(), second.etag());
}

// Seen: an editor of another province sent the nation's request id and received its draft.
TEST_F(IdempotencyTest, AnotherCallersRequestIdNeverAnswersWithTheFirstCallersObject) {
  const int64_t dak_lak = Create("Tỉnh Đắk Lắk", v1::PROVINCE, nation_id_, D(2025, 7, 1)).id();
  const pv1::Plan national =
      Draft(nation_id_, "Bản dự thảo mật của Trung ương", "shared-id", Token(nation_id_));
  const pv1::Plan theirs = Draft(dak_lak, "Kế hoạch của Đắk Lắk", "shared-id", Token(dak_lak));
  EXPECT_NE(theirs.id(), national.id());
  EXPECT_EQ(theirs.title(), "Kế hoạch của Đắk Lắk");
  EXPECT_EQ(theirs.issuer_organization_id(), dak_lak);
}

// Seen: AmendPlan with a request id another province had used returned that province's plan.
TEST_F(IdempotencyTest, AnAmendmentUnderAnotherCallersRequestIdAmendsTheCallersOwnPlan) {
  const int64_t dak_lak = Create("Tỉnh Đắk Lắk", v1::PROVINCE, nation_id_, D(2025, 7, 1)).id();
  auto issue = [&](int64_t issuer, const std::string& title, const std::string& symbol) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(issuer);
    plan.set_title(title);
    plan.set_period_from_year(2026);
    plan.set_period_to_year(2026);
    return CreateAndIssue(plan, Token(issuer), symbol, D(2026, 1, 5));
  };
  auto amend = [&](pv1::Plan plan, const std::string& token) {
    pv1::AmendPlanRequest request;
    request.set_request_id("sua-doi-1");
    plan.set_title(plan.title() + " (sửa đổi)");
    *request.mutable_plan() = plan;
    request.set_reason("Điều chỉnh theo Công văn số 12/CV-UBND");
    pv1::Plan out;
    const grpc::Status status = plans_->stub().AmendPlan(WithToken(token).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  const pv1::Plan lam_dong_plan = issue(province_, "Kế hoạch của Lâm Đồng", "1/KH-UBND");
  const pv1::Plan dak_lak_plan = issue(dak_lak, "Kế hoạch của Đắk Lắk", "2/KH-UBND");
  const pv1::Plan first = amend(lam_dong_plan, editor_);
  const pv1::Plan theirs = amend(dak_lak_plan, Token(dak_lak));
  EXPECT_EQ(first.id(), lam_dong_plan.id());
  EXPECT_EQ(theirs.id(), dak_lak_plan.id());
  EXPECT_EQ(theirs.title(), "Kế hoạch của Đắk Lắk (sửa đổi)");
  EXPECT_EQ(theirs.issuer_organization_id(), dak_lak);
}

TEST_F(IdempotencyTest, TheSameRequestIdWithAnotherPayloadIsRefused) {
  Draft(province_, "Kế hoạch A", "payload-bound", editor_);
  grpc::Status status;
  Draft(province_, "Kế hoạch B", "payload-bound", editor_, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).reason, "REQUEST_ID_REUSED");
  EXPECT_THAT(DetailsOf(status).fields, ::testing::Contains("request_id"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr("Kế hoạch A")));
}

// Seen: CreateOrganization with a used id and another name answered OK with the first unit.
TEST_F(IdempotencyTest, ARegistryCreateWithAUsedIdAndAnotherNameIsRefusedNotSwallowed) {
  grpc::Status status;
  const auto first = Department("Sở Tư pháp tỉnh Lâm Đồng", "org-1", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto again = Department("Sở Tư pháp tỉnh Lâm Đồng", "org-1", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.id(), first.id());
  Department("Sở Xây dựng tỉnh Lâm Đồng", "org-1", &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DetailsOf(status).reason, "REQUEST_ID_REUSED");
}

// Under the old accent- and case-insensitive collation these pairs replayed each other.
TEST_F(IdempotencyTest, RequestIdsAreComparedByteForByte) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"QA-Case", "qa-case"}, {"é", "e"}, {"x", "x "}, {"𠀧", "𡨸"}, {"Hòa", "Hoà"}};
  int n = 0;
  for (const auto& [a, b] : pairs) {
    const std::string title = absl::StrCat("Kế hoạch số ", ++n);
    const pv1::Plan first = Draft(province_, title + " (a)", a, editor_);
    const pv1::Plan second = Draft(province_, title + " (b)", b, editor_);
    EXPECT_NE(first.id(), second.id()) << "\"" << a << "\" replayed \"" << b << "\"";
    EXPECT_EQ(second.title(), title + " (b)");
  }
}

TEST_F(IdempotencyTest, AReplayIsAuthorizedLikeAFirstCall) {
  const pv1::Plan draft = Draft(province_, "Kế hoạch của tỉnh", "authz-replay", editor_);
  ASSERT_GT(draft.id(), 0);
  // The same subject and organisation, without the editor role any more.
  const std::string demoted =
      TestTokens::Get().Token(province_, {}, absl::StrCat("editor-", province_));
  grpc::Status status;
  const pv1::Plan replay = Draft(province_, "Kế hoạch của tỉnh", "authz-replay", demoted, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(replay.id(), 0);
}

// A create's checks ask the registry (every named unit valid, assignees within the issuer's
// reach); by the time of a retry it may answer otherwise. The retry of a success gets that
// success, not a refusal of what was already done; a new request is checked as it is now.
TEST_F(IdempotencyTest, ARetryGetsItsFirstSuccessWhateverThePeersSayNow) {
  pv1::CreatePlanRequest request;
  request.set_request_id("before-the-merger");
  pv1::Plan& plan = *request.mutable_plan();
  plan.set_issuer_organization_id(province_);
  plan.set_title("Kế hoạch giao việc cho Xã Lạc Dương");
  plan.set_period_from_year(2026);
  plan.set_period_to_year(2026);
  plan.add_tasks()->set_title("Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc");
  plan.mutable_tasks(0)->set_lead_organization_id(communes_[1]);
  pv1::Plan first;
  grpc::Status status = plans_->stub().CreatePlan(WithToken(editor_).get(), request, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::ApplyEventRequest event;
  *event.mutable_effective_date() = ToProto(TodayInVietnam(Clock::System()));
  event.set_legal_basis("1/NQ-UBTVQH15");
  event.mutable_dissolve()->set_organization_id(communes_[1]);
  v1::OrganizationEvent applied;
  status = stub().ApplyEvent(WithToken(admin_).get(), event, &applied);
  ASSERT_TRUE(status.ok()) << status.error_message();

  pv1::Plan again;
  status = plans_->stub().CreatePlan(WithToken(editor_).get(), request, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(again.etag(), first.etag());
  request.set_request_id("after-the-merger");
  status = plans_->stub().CreatePlan(WithToken(editor_).get(), request, &again);
  EXPECT_FALSE(status.ok()) << "a task for a unit that has ended";
}

TEST_F(IdempotencyTest, ARetriedProgressNoteIsWrittenOnce) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  const pv1::Plan plan = CreateAndIssue(ProvincePlan(decision.id()), editor_, "0150/KH-UBND",
                                        D(2025, 12, 1), {"YEAR_OUTSIDE_PERIOD"});
  ASSERT_EQ(plan.tasks_size(), 1);
  pv1::AddProgressNoteRequest note;
  note.set_task_id(plan.tasks(0).id());
  note.set_organization_id(police_);
  note.set_text("Đã tổ chức 12 hội nghị tuyên truyền");
  note.set_request_id("note-1");
  const std::string police = Token(police_);
  pv1::Task out;
  for (int i = 0; i < 3; ++i) {
    const grpc::Status status = plans_->stub().AddProgressNote(WithToken(police).get(), note, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(out.notes_size(), 1);

  // Once the plan is closed, a retry still gets its first answer; a new note is refused.
  pv1::ClosePlanRequest close;
  close.set_id(plan.id());
  close.set_etag(plan.etag());
  pv1::Plan closed;
  grpc::Status status = plans_->stub().ClosePlan(WithToken(editor_).get(), close, &closed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  pv1::Task again;
  status = plans_->stub().AddProgressNote(WithToken(police).get(), note, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.notes_size(), 1);
  EXPECT_EQ(again.notes(0).text(), out.notes(0).text());
  note.set_request_id("note-2");
  status = plans_->stub().AddProgressNote(WithToken(police).get(), note, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// The nation exists once (the reference data creates it); a create of another is refused as a
// check of stored state, after authorization and the replay of a retry.
TEST_F(IdempotencyTest, ASecondNationIsRefused) {
  v1::CreateOrganizationRequest request;
  request.set_request_id("the-nation");
  request.mutable_organization()->set_display_name("Việt Nam (thử)");
  request.mutable_organization()->set_kind(v1::NATION);
  v1::Organization second;
  const grpc::Status status = stub().CreateOrganization(WithToken(admin_).get(), request, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("nation already exists"));
  EXPECT_EQ(second.id(), 0);
}

TEST_F(IdempotencyTest, KeysOlderThanTheRetentionArePurged) {
  Draft(province_, "Kế hoạch cũ", "old-key", editor_);
  ASSERT_EQ(CountKeys(), 1);
  auto kept = db::PurgeExpiredKeys(plans_->pool(), absl::Hours(24 * 30));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, 0);
  EXPECT_EQ(CountKeys(), 1);
  ASSERT_TRUE(plans_->pool()
                  .Run(absl::Now() + absl::Seconds(5),
                       [](db::Connection& conn) {
                         conn.Execute(
                             "UPDATE idempotency_keys SET create_time = NOW(3) - INTERVAL 31 DAY");
                         return absl::OkStatus();
                       })
                  .ok());
  auto purged = db::PurgeExpiredKeys(plans_->pool(), absl::Hours(24 * 30));
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(CountKeys(), 0);
}

}  // namespace
}  // namespace thidua::testing
