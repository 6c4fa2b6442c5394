// Facts are dated when they happened, by units that existed then: a done date, a registration, a
// model's start and a document's issue cannot lie in the future, and a unit registers only for a
// year it exists in.
#include "common/civil_date.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

class PlansFactsTest : public PlansTest {
 protected:
  // A day ahead of today in Vietnam, whatever day the test runs.
  static common::v1::Date Tomorrow() { return ToProto(TodayInVietnam(Clock::System()) + 1); }

  grpc::Status RegisterFor(int64_t unit, int year, const common::v1::Date& on,
                           const std::string& request_id) {
    pv1::CreateRegistrationRequest request;
    request.set_request_id(request_id);
    request.mutable_registration()->set_organization_id(unit);
    request.mutable_registration()->set_year(year);
    request.mutable_registration()->set_standard_id(Antt());
    *request.mutable_registration()->mutable_registered_on() = on;
    pv1::Registration out;
    return plans_->stub().CreateRegistration(WithToken(editor_).get(), request, &out);
  }
};

TEST_F(PlansFactsTest, AUnitRegistersOnlyWhileItExistsAndNeverAhead) {
  // A commune dissolved on 1/6/2026 (last day 31/5/2026).
  const int64_t dissolved =
      Create("Xã Sắp Giải Thể", v1::COMMUNE, province_, D(2025, 7, 1), "", D(2026, 5, 31)).id();
  grpc::Status status = RegisterFor(dissolved, 2027, D(2026, 1, 10), "r-2027");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.year"));
  status = RegisterFor(dissolved, 2026, D(2026, 7, 1), "r-after-end");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.registered_on"));
  EXPECT_TRUE(RegisterFor(dissolved, 2026, D(2026, 1, 10), "r-2026").ok());
  status = RegisterFor(communes_[0], 2026, Tomorrow(), "r-ahead");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.registered_on"));
}

TEST_F(PlansFactsTest, ATaskCannotBeDoneTomorrow) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  const pv1::Plan issued = CreateAndIssue(ProvincePlan(decision.id()), editor_, "0150/KH-UBND",
                                          D(2025, 12, 1), {"YEAR_OUTSIDE_PERIOD"});
  ASSERT_GT(issued.tasks_size(), 0);
  pv1::SetTaskStatusRequest request;
  request.set_task_id(issued.tasks(0).id());
  request.set_organization_id(issued.tasks(0).lead_organization_id());
  request.set_year(2026);
  request.set_state(pv1::DONE);
  *request.mutable_done_date() = Tomorrow();
  const std::string reporter =
      TestTokens::Get().Token(issued.tasks(0).lead_organization_id(), {"plans-reporter"}, "can-bo");
  pv1::Task out;
  const grpc::Status status =
      plans_->stub().SetTaskStatus(WithToken(reporter).get(), request, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("done_date"));
}

TEST_F(PlansFactsTest, AModelAndADocumentAreNotDatedAhead) {
  pv1::CreateSecurityModelRequest model;
  model.set_request_id("m-ahead");
  model.mutable_model()->set_display_name("Tổ tự quản an ninh");
  model.mutable_model()->set_owner_organization_id(communes_[0]);
  model.mutable_model()->set_status(pv1::ACTIVE);
  *model.mutable_model()->mutable_started() = Tomorrow();
  pv1::SecurityModel stored;
  grpc::Status status =
      plans_->stub().CreateSecurityModel(WithToken(editor_).get(), model, &stored);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("model.started"));

  pv1::RegisterDocumentRequest document;
  document.set_request_id("d-ahead");
  document.mutable_document()->set_symbol("99/KH-UBND");
  document.mutable_document()->set_issuing_body("Ủy ban nhân dân tỉnh Lâm Đồng");
  document.mutable_document()->set_issuer_organization_id(province_);
  *document.mutable_document()->mutable_issue_date() = Tomorrow();
  pv1::Document out;
  status = plans_->stub().RegisterDocument(WithToken(editor_).get(), document, &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("document.issue_date"));
}

}  // namespace
}  // namespace thidua::testing
