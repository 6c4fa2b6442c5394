// Reports that serve a plan: an obligation names the plan task it serves (checked with plans), and
// a target of the plan measured by an indicator gets its progress for a year from the accepted
// reports (GetTargetProgress), with plans and the registry running.
#include "absl/strings/str_format.h"
#include "tests/integration/reporting_fixture.h"

namespace thidua::testing {
namespace {

class ReportingTargetsTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    StartPlans();
    plan_ = IssueProvincePlan();
    ASSERT_EQ(plan_.targets_size(), 3);
    AddIndicator(Count("TT.SO_BUOI", "Số buổi tuyên truyền"));
    rv1::Indicator safe;
    safe.set_code("AN.DAT_ANTT");
    safe.set_display_name("Đạt tiêu chuẩn An toàn về ANTT");
    safe.set_value_type(rv1::YES_NO);
    safe.set_aggregation(rv1::COUNT_YES);
    AddIndicator(safe);
    template_ = AddTemplate(TemplateOf("LD.BC_NAM", {"TT.SO_BUOI", "AN.DAT_ANTT"}));
    clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 11, 10, 10, 0, 0), VietnamTimeZone()));
  }

  grpc::Status CreateObligation(int64_t plan_id, int64_t task_id, rv1::Obligation* out) {
    rv1::CreateObligationRequest create;
    *create.mutable_obligation() = YearlyObligation(template_.id());
    create.mutable_obligation()->set_plan_id(plan_id);
    create.mutable_obligation()->set_plan_task_id(task_id);
    return reporting().CreateObligation(WithToken(designer_).get(), create, out);
  }

  // A commune's report of 2026, sent, and accepted unless `accept` is false.
  void Report(int64_t obligation, int64_t unit, const std::string& sessions, bool safe,
              bool accept = true) {
    rv1::CreateSubmissionRequest request;
    request.set_submit(true);
    auto* s = request.mutable_submission();
    s->set_client_id(absl::StrFormat("00000000-0000-4000-9000-%012d", unit));
    s->set_obligation_id(obligation);
    s->set_period_key("2026");
    s->set_organization_id(unit);
    auto* count = s->add_figures();
    count->set_indicator_code("TT.SO_BUOI");
    count->mutable_number()->set_value(sessions);
    auto* yes = s->add_figures();
    yes->set_indicator_code("AN.DAT_ANTT");
    yes->set_yes(safe);
    auto* n = s->add_narrative();
    n->set_section_code("KET_QUA");
    n->set_text("Số liệu thử nghiệm.");
    rv1::Submission sent;
    const grpc::Status status = reporting().CreateSubmission(
        WithToken(TestTokens::Get().Token(unit, {"reporting-reporter"}, "xa")).get(), request,
        &sent);
    ASSERT_TRUE(status.ok()) << status.error_message();
    if (!accept) return;
    rv1::AcceptSubmissionRequest a;
    a.set_id(sent.id());
    a.set_etag(sent.etag());
    rv1::Submission accepted;
    const grpc::Status ok = reporting().AcceptSubmission(
        WithToken(TestTokens::Get().Token(police_, {"reporting-reviewer"}, "pv01")).get(), a,
        &accepted);
    ASSERT_TRUE(ok.ok()) << ok.error_message();
  }

  grpc::Status Progress(int target, const std::string& token, rv1::TargetProgress* out,
                        int64_t plan_id = 0) {
    rv1::GetTargetProgressRequest request;
    request.set_plan_id(plan_id != 0 ? plan_id : plan_.id());
    request.set_target_id(plan_.targets(target).id());
    request.set_year(2026);
    return reporting().GetTargetProgress(WithToken(token).get(), request, out);
  }

  pv1::Plan plan_;
  rv1::Template template_;
};

TEST_F(ReportingTargetsTest, AnObligationNamesATaskOfAnIssuedPlan) {
  rv1::Obligation obligation;
  const grpc::Status ok = CreateObligation(plan_.id(), plan_.tasks(0).id(), &obligation);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(obligation.plan_task_id(), plan_.tasks(0).id());

  // A task of no plan, an unknown plan and a half-named link are refused, and nothing written.
  grpc::Status refused = CreateObligation(plan_.id(), plan_.tasks(0).id() + 1000, &obligation);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(refused).reason, "UNKNOWN_PLAN_TASK");
  refused = CreateObligation(plan_.id() + 1000, plan_.tasks(0).id(), &obligation);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(refused).reason, "UNKNOWN_PLAN_TASK");
  refused = CreateObligation(plan_.id(), 0, &obligation);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  rv1::ListObligationsRequest list;
  rv1::ListObligationsResponse listed;
  ASSERT_TRUE(reporting().ListObligations(WithToken(designer_).get(), list, &listed).ok());
  EXPECT_EQ(listed.obligations_size(), 1);

  // Plans down: UNAVAILABLE, nothing written.
  plans_.reset();
  refused = CreateObligation(plan_.id(), plan_.tasks(0).id(), &obligation);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(DetailsOf(refused).reason, "PLANS_UNAVAILABLE");
  ASSERT_TRUE(reporting().ListObligations(WithToken(designer_).get(), list, &listed).ok());
  EXPECT_EQ(listed.obligations_size(), 1);
}

// The plan task an obligation serves is checked with plans; a retry of a success is answered
// from its first answer without asking again, so it gets it even while plans is down.
TEST_F(ReportingTargetsTest, ARetriedCreateGetsItsFirstAnswerWhilePlansIsDown) {
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = YearlyObligation(template_.id());
  create.mutable_obligation()->set_plan_id(plan_.id());
  create.mutable_obligation()->set_plan_task_id(plan_.tasks(0).id());
  create.set_request_id("obligation-of-the-plan");
  rv1::Obligation first, again;
  grpc::Status status = reporting().CreateObligation(WithToken(designer_).get(), create, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  plans_.reset();
  status = reporting().CreateObligation(WithToken(designer_).get(), create, &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(again.id(), first.id());
  create.set_request_id("another-obligation");
  status = reporting().CreateObligation(WithToken(designer_).get(), create, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ReportingTargetsTest, ATargetsProgressComesFromTheAcceptedReportsOverItsPopulation) {
  rv1::Obligation obligation;
  ASSERT_TRUE(CreateObligation(plan_.id(), plan_.tasks(0).id(), &obligation).ok());
  Report(obligation.id(), communes_[0], "12", true);
  Report(obligation.id(), communes_[1], "9", false);
  Report(obligation.id(), communes_[2], "40", true, /*accept=*/false);  // waits for review

  // 60% of the 3 communes and wards recognised: 1 of 3 so far.
  const std::string province_staff = TestTokens::Get().Token(province_, {}, "ubnd");
  rv1::TargetProgress progress;
  grpc::Status status = Progress(0, province_staff, &progress);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(progress.obligation_id(), obligation.id());
  EXPECT_EQ(progress.indicator_code(), "AN.DAT_ANTT");
  EXPECT_EQ(progress.population(), 3);
  EXPECT_EQ(progress.reported(), 2);
  EXPECT_EQ(progress.achieved().value(), "33.33");
  EXPECT_EQ(progress.target().value(), "60");
  EXPECT_FALSE(progress.met());
  EXPECT_EQ(progress.population_as_of().month(), 11);
  EXPECT_EQ(progress.population_as_of().day(), 14);

  // 30 sessions: 21 accepted so far; the police, who review the reports, see it too.
  const std::string police_staff = TestTokens::Get().Token(police_, {}, "cat");
  ASSERT_TRUE(Progress(1, police_staff, &progress).ok());
  EXPECT_EQ(progress.achieved().value(), "21");
  EXPECT_FALSE(progress.met());
  // Accepting the third report meets it.
  Report(obligation.id(), communes_[2], "40", true);
  ASSERT_TRUE(Progress(1, police_staff, &progress).ok());
  EXPECT_EQ(progress.achieved().value(), "61");
  EXPECT_TRUE(progress.met());
  ASSERT_TRUE(Progress(0, police_staff, &progress).ok());
  EXPECT_EQ(progress.achieved().value(), "66.67");
  EXPECT_TRUE(progress.met());

  // A target measured by a recognition is not reporting's to measure.
  status = Progress(2, province_staff, &progress);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "TARGET_NOT_MEASURED_BY_INDICATOR");
}

TEST_F(ReportingTargetsTest, OnlyThePlansIssuerAndTheTasksUnitsSetReportsForIt) {
  // A commune can read its province's issued plan, but sets no reports for its tasks.
  rv1::CreateObligationRequest create;
  rv1::Obligation& o = *create.mutable_obligation();
  o = YearlyObligation(template_.id());
  o.set_issuer_organization_id(communes_[0]);
  o.mutable_reporters()->mutable_kinds()->set_scope_organization_id(communes_[0]);
  o.set_recipient_organization_id(communes_[0]);
  o.clear_via_organization_id();
  o.set_plan_id(plan_.id());
  o.set_plan_task_id(plan_.tasks(0).id());
  rv1::Obligation out;
  const grpc::Status refused =
      reporting().CreateObligation(WithToken(Designer(communes_[0])).get(), create, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(refused).reason, "NOT_THE_TASKS_UNIT");
  // The police, who lead the task, may.
  o.set_issuer_organization_id(police_);
  o.mutable_reporters()->mutable_units()->add_organization_ids(staff_office_);
  o.set_recipient_organization_id(police_);
  const grpc::Status ok =
      reporting().CreateObligation(WithToken(Designer(police_)).get(), create, &out);
  EXPECT_TRUE(ok.ok()) << ok.error_message();
}

TEST_F(ReportingTargetsTest, AMonthlyObligationOnTheSameTemplateLeavesTheYearlyOneToMeasure) {
  rv1::Obligation yearly, monthly;
  ASSERT_TRUE(CreateObligation(plan_.id(), plan_.tasks(0).id(), &yearly).ok());
  rv1::CreateObligationRequest create;
  *create.mutable_obligation() = YearlyObligation(template_.id());
  create.mutable_obligation()->mutable_period()->set_kind(rv1::MONTHLY);
  create.mutable_obligation()->mutable_period()->set_window_start_day(1);
  create.mutable_obligation()->mutable_period()->set_window_start_month(1);
  create.mutable_obligation()->mutable_deadline()->mutable_day_of_month()->set_day(5);
  create.mutable_obligation()->mutable_deadline()->mutable_day_of_month()->set_month_offset(1);
  create.mutable_obligation()->set_plan_id(plan_.id());
  create.mutable_obligation()->set_plan_task_id(plan_.tasks(0).id());
  const grpc::Status created =
      reporting().CreateObligation(WithToken(designer_).get(), create, &monthly);
  ASSERT_TRUE(created.ok()) << created.error_message();
  Report(yearly.id(), communes_[0], "12", true);
  rv1::TargetProgress progress;
  const grpc::Status status =
      Progress(0, TestTokens::Get().Token(province_, {}, "ubnd"), &progress);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(progress.obligation_id(), yearly.id());
  EXPECT_EQ(progress.achieved().value(), "33.33");
}

TEST_F(ReportingTargetsTest, OutsidersGetTheSameDenialAsForAPlanThatDoesNotExist) {
  rv1::Obligation obligation;
  ASSERT_TRUE(CreateObligation(plan_.id(), plan_.tasks(0).id(), &obligation).ok());
  const std::string outsider = TestTokens::Get().Token(other_province_, {}, "dak-lak");
  rv1::TargetProgress progress;
  const grpc::Status theirs = Progress(0, outsider, &progress);
  const grpc::Status unknown = Progress(0, outsider, &progress, plan_.id() + 1000);
  EXPECT_EQ(theirs.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(theirs.error_message(), unknown.error_message());
  EXPECT_EQ(theirs.error_details(), unknown.error_details());
  // A commune of the province is not the plan's issuer: it sees its own reports, not the
  // province's progress.
  const std::string commune = TestTokens::Get().Token(communes_[0], {}, "xa");
  EXPECT_EQ(Progress(0, commune, &progress).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ReportingTargetsTest, WithoutAnObligationMeasuringItTheTargetSaysWhy) {
  const std::string province_staff = TestTokens::Get().Token(province_, {}, "ubnd");
  rv1::TargetProgress progress;
  grpc::Status status = Progress(0, province_staff, &progress);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "NO_OBLIGATION_MEASURES_TARGET");
  // Two obligations serving the plan with the indicator: the caller names one.
  rv1::Obligation first, second;
  ASSERT_TRUE(CreateObligation(plan_.id(), plan_.tasks(0).id(), &first).ok());
  ASSERT_TRUE(CreateObligation(plan_.id(), plan_.tasks(0).id(), &second).ok());
  status = Progress(0, province_staff, &progress);
  EXPECT_EQ(DetailsOf(status).reason, "SEVERAL_OBLIGATIONS_MEASURE_TARGET");
  rv1::GetTargetProgressRequest request;
  request.set_plan_id(plan_.id());
  request.set_target_id(plan_.targets(0).id());
  request.set_year(2026);
  request.set_obligation_id(second.id());
  status = reporting().GetTargetProgress(WithToken(province_staff).get(), request, &progress);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(progress.obligation_id(), second.id());
  EXPECT_EQ(progress.achieved().value(), "0");
  // A year the obligation does not cover, an unknown target.
  request.set_year(2040);
  status = reporting().GetTargetProgress(WithToken(province_staff).get(), request, &progress);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_year(2026);
  request.set_target_id(plan_.targets(2).id() + 1000);
  status = reporting().GetTargetProgress(WithToken(province_staff).get(), request, &progress);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(DetailsOf(status).reason, "UNKNOWN_TARGET");
}

}  // namespace
}  // namespace thidua::testing
