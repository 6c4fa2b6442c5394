// The plans service through real gRPC and MariaDB, with a real registry beside it: a condensed
// seed 001 (Lâm Đồng, 12/2025) from legal basis to cascade compliance.
#include <set>

#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::Contains;

TEST_F(PlansTest, DocumentsAreRegisteredOnceWithCanonicalSymbols) {
  const auto first = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  const auto again = Register(" 2447 / QĐ - TTg ", D(2025, 11, 6), "Thủ tướng Chính phủ");
  EXPECT_EQ(first.id(), again.id());
  EXPECT_EQ(first.type(), pv1::QUYET_DINH);
  pv1::RegisterDocumentRequest bad;
  bad.mutable_document()->set_symbol("QĐ-TTg");
  bad.mutable_document()->set_issuing_body("Thủ tướng Chính phủ");
  pv1::Document out;
  const grpc::Status status = plans_->stub().RegisterDocument(WithToken(editor_).get(), bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, Contains("document.symbol"));
}

TEST_F(PlansTest, IssuingNeedsTheWarningsAcknowledgedAndTheCascadeIsTracked) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = ProvincePlan(decision.id());
  pv1::Plan draft;
  ASSERT_TRUE(plans_->stub().CreatePlan(WithToken(editor_).get(), create, &draft).ok());
  EXPECT_EQ(draft.status(), pv1::DRAFT);

  pv1::CheckPlanRequest check;
  check.set_id(draft.id());
  pv1::CheckPlanResponse findings;
  ASSERT_TRUE(plans_->stub().CheckPlan(WithToken(editor_).get(), check, &findings).ok());
  std::vector<std::string> codes;
  for (const auto& f : findings.findings()) codes.push_back(f.code());
  EXPECT_THAT(codes, Contains("YEAR_OUTSIDE_PERIOD"));  // "tháng 12/2015" in a 2025–2030 plan

  pv1::IssuePlanRequest issue;
  issue.set_id(draft.id());
  issue.set_etag(draft.etag());
  issue.set_symbol("0150/KH-UBND");
  *issue.mutable_issue_date() = D(2025, 12, 10);
  pv1::Plan issued;
  grpc::Status status = plans_->stub().IssuePlan(WithToken(editor_).get(), issue, &issued);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "PLAN_HAS_FINDINGS");
  issue.add_acknowledge_warnings("YEAR_OUTSIDE_PERIOD");
  ASSERT_TRUE(plans_->stub().IssuePlan(WithToken(editor_).get(), issue, &issued).ok());
  EXPECT_EQ(issued.status(), pv1::ISSUED);
  EXPECT_GT(issued.document_id(), 0);

  // Everything the provincial police must do, across plans.
  pv1::ListTasksRequest mine;
  mine.set_assignee_organization_id(police_);
  pv1::ListTasksResponse tasks;
  ASSERT_TRUE(plans_->stub().ListTasks(WithToken(Token(police_)).get(), mine, &tasks).ok());
  ASSERT_EQ(tasks.tasks_size(), 1);
  EXPECT_EQ(tasks.tasks(0).due_text(), "trước ngày 15/11 hằng năm");
  EXPECT_EQ(tasks.tasks(0).plan_symbol(), "0150/KH-UBND");

  // Two communes implement it, one on time and one late; the special zone does nothing.
  auto commune_plan = [&](int64_t commune) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(commune);
    plan.set_title("Kế hoạch triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc”");
    plan.set_period_from_year(2025);
    plan.set_period_to_year(2030);
    plan.add_implements_document_ids(issued.document_id());
    return plan;
  };
  CreateAndIssue(commune_plan(communes_[0]), Token(communes_[0]), "12/KH-UBND", D(2025, 12, 20));
  CreateAndIssue(commune_plan(communes_[1]), Token(communes_[1]), "3/KH-UBND", D(2026, 1, 5));
  pv1::GetCascadeComplianceRequest compliance;
  compliance.set_plan_id(issued.id());
  *compliance.mutable_as_of() = D(2026, 2, 1);
  pv1::CascadeCompliance result;
  ASSERT_TRUE(
      plans_->stub().GetCascadeCompliance(WithToken(editor_).get(), compliance, &result).ok());
  EXPECT_EQ(result.required(), 3);
  EXPECT_EQ(result.on_time(), 1);
  EXPECT_EQ(result.late(), 1);
  EXPECT_EQ(result.missing(), 1);
  // Before the deadline the silent unit is pending, not missing.
  *compliance.mutable_as_of() = D(2025, 12, 25);
  ASSERT_TRUE(
      plans_->stub().GetCascadeCompliance(WithToken(editor_).get(), compliance, &result).ok());
  EXPECT_EQ(result.on_time(), 1);
  EXPECT_EQ(result.pending(), 2);

  pv1::GetTargetPopulationRequest population;
  population.set_plan_id(issued.id());
  population.set_target_id(issued.targets(0).id());
  pv1::TargetPopulation size;
  ASSERT_TRUE(plans_->stub().GetTargetPopulation(WithToken(editor_).get(), population, &size).ok());
  EXPECT_EQ(size.size(), 3);
}

TEST_F(PlansTest, APlanIssuedAsItsDecisionIsImplementedByThePlansCitingTheDecision) {
  // The decision of the Prime Minister, issued for the Government, which the nation stands for.
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ", nation_id_);
  pv1::Plan national;
  national.set_issuer_organization_id(nation_id_);
  national.set_title("Kế hoạch triển khai Phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc”");
  national.set_period_from_year(2025);
  national.set_period_to_year(2030);
  auto* kinds = national.add_cascade()->mutable_population()->mutable_kinds();
  kinds->set_scope_organization_id(nation_id_);
  kinds->add_kinds(v1::PROVINCE);
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = national;
  pv1::Plan draft;
  const std::string nation_editor = Token(nation_id_);
  ASSERT_TRUE(plans_->stub().CreatePlan(WithToken(nation_editor).get(), create, &draft).ok());
  pv1::IssuePlanRequest issue;
  issue.set_id(draft.id());
  issue.set_etag(draft.etag());
  issue.set_symbol("2447/QĐ-TTg");
  *issue.mutable_issue_date() = D(2025, 11, 7);  // not the decision's date
  issue.set_document_id(decision.id());
  pv1::Plan issued;
  grpc::Status status = plans_->stub().IssuePlan(WithToken(nation_editor).get(), issue, &issued);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, Contains("document_id"));
  *issue.mutable_issue_date() = D(2025, 11, 6);
  // Only the decision's own issuer can issue a plan as it.
  pv1::Plan province_draft;
  *create.mutable_plan() = ProvincePlan(decision.id());
  ASSERT_TRUE(plans_->stub().CreatePlan(WithToken(editor_).get(), create, &province_draft).ok());
  pv1::IssuePlanRequest usurp = issue;
  usurp.set_id(province_draft.id());
  usurp.set_etag(province_draft.etag());
  usurp.add_acknowledge_warnings("YEAR_OUTSIDE_PERIOD");
  EXPECT_EQ(plans_->stub().IssuePlan(WithToken(editor_).get(), usurp, &issued).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  status = plans_->stub().IssuePlan(WithToken(nation_editor).get(), issue, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(issued.document_id(), decision.id());

  // The province implements the decision; it counts for the national plan.
  CreateAndIssue(ProvincePlan(decision.id()), editor_, "0150/KH-UBND", D(2025, 12, 10),
                 {"YEAR_OUTSIDE_PERIOD"});
  pv1::GetCascadeComplianceRequest compliance;
  compliance.set_plan_id(issued.id());
  *compliance.mutable_as_of() = D(2026, 1, 1);
  pv1::CascadeCompliance result;
  ASSERT_TRUE(plans_->stub()
                  .GetCascadeCompliance(WithToken(nation_editor).get(), compliance, &result)
                  .ok());
  ASSERT_EQ(result.required(), 1);
  EXPECT_EQ(result.units(0).organization_id(), province_);
  EXPECT_EQ(result.units(0).state(), pv1::ON_TIME);  // no deadline: issued is on time

  // Registering the decision again returns it and writes no audit row.
  int64_t audited = 0;
  auto count_audit = [&] {
    EXPECT_TRUE(plans_->pool()
                    .Run(absl::InfiniteFuture(),
                         [&](db::Connection& conn) {
                           std::unique_ptr<sql::ResultSet> rows(
                               conn.Prepare("SELECT COUNT(*) FROM audit_log").executeQuery());
                           rows->next();
                           audited = rows->getInt64(1);
                           return absl::OkStatus();
                         })
                    .ok());
    return audited;
  };
  const int64_t before = count_audit();
  EXPECT_EQ(Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ").id(), decision.id());
  EXPECT_EQ(count_audit(), before);
}

TEST_F(PlansTest, AnAmendmentKeepsThePreviousVersionReadable) {
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  pv1::Plan plan = ProvincePlan(decision.id());
  plan.mutable_sections(0)->set_body("Hoàn thành trong tháng 12/2025.");
  const auto issued = CreateAndIssue(plan, editor_, "0150/KH-UBND", D(2025, 12, 10));
  ASSERT_EQ(issued.version(), 1);
  pv1::AmendPlanRequest amend;
  *amend.mutable_plan() = issued;
  amend.mutable_plan()->set_title(issued.title() + " (sửa đổi)");
  amend.set_reason("Điều chỉnh theo Công văn của Bộ Công an");
  pv1::Plan amended;
  ASSERT_TRUE(plans_->stub().AmendPlan(WithToken(editor_).get(), amend, &amended).ok());
  EXPECT_EQ(amended.version(), 2);
  pv1::GetPlanRequest get;
  get.set_id(issued.id());
  get.set_version(1);
  pv1::Plan first;
  ASSERT_TRUE(plans_->stub().GetPlan(WithToken(editor_).get(), get, &first).ok());
  EXPECT_EQ(first.title(), issued.title());
  // The police post their progress on their own task only.
  pv1::SetTaskStatusRequest done;
  done.set_task_id(amended.tasks(0).id());
  done.set_organization_id(police_);
  done.set_year(2026);
  done.set_state(pv1::DONE);
  *done.mutable_done_date() = D(2026, 11, 20);
  pv1::Task task;
  ASSERT_TRUE(plans_->stub().SetTaskStatus(WithToken(Token(police_)).get(), done, &task).ok());
  ASSERT_EQ(task.statuses_size(), 1);
  EXPECT_TRUE(task.statuses(0).late());  // 20/11 is after 15/11
  done.set_organization_id(communes_[0]);
  EXPECT_EQ(
      plans_->stub().SetTaskStatus(WithToken(Token(communes_[0])).get(), done, &task).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Acting for the right unit is not enough without a plans role.
  done.set_organization_id(police_);
  const std::string no_role = TestTokens::Get().Token(police_, {}, "no-role");
  EXPECT_EQ(plans_->stub().SetTaskStatus(WithToken(no_role).get(), done, &task).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlansTest, WritesThatNeedTheRegistryFailCleanlyWhenItIsDown) {
  PlansServer cut_off(plans_db_->options(), "127.0.0.1:1");  // nothing listens there
  pv1::CreatePlanRequest create;
  *create.mutable_plan() = ProvincePlan(0);
  create.mutable_plan()->clear_implements_document_ids();
  pv1::Plan out;
  const grpc::Status status = cut_off.stub().CreatePlan(WithToken(editor_).get(), create, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  pv1::ListPlansRequest list;
  pv1::ListPlansResponse listed;
  ASSERT_TRUE(plans_->stub().ListPlans(WithToken(editor_).get(), list, &listed).ok());
  EXPECT_EQ(listed.plans_size(), 0);  // nothing half-written
}

// Seen with ids of plan id × 1000 + n: amendments that add tasks ran into the next plan's ids.
TEST_F(PlansTest, TaskIdsNeverCollideAcrossPlansAndAmendments) {
  auto with_tasks = [&](pv1::Plan plan, int n, const std::string& prefix) {
    for (int i = 0; i < n; ++i) {
      auto* task = plan.add_tasks();
      task->set_title(absl::StrCat(prefix, " ", i + 1));
      task->set_lead_organization_id(police_);
    }
    return plan;
  };
  pv1::Plan base = ProvincePlan(0);
  base.clear_implements_document_ids();
  base.clear_tasks();
  pv1::Plan first = CreateAndIssue(with_tasks(base, 400, "Nhiệm vụ"), editor_, "31/KH-UBND",
                                   D(2025, 12, 1), {"YEAR_OUTSIDE_PERIOD"});
  pv1::Plan second;
  {
    pv1::CreatePlanRequest create;
    *create.mutable_plan() = with_tasks(base, 10, "Việc khác");
    ASSERT_TRUE(plans_->stub().CreatePlan(WithToken(editor_).get(), create, &second).ok());
  }
  std::set<int64_t> ids;
  for (const auto& t : second.tasks()) ids.insert(t.id());
  for (int round = 0; round < 2; ++round) {  // each amendment adds 400 new tasks
    pv1::AmendPlanRequest amend;
    *amend.mutable_plan() = with_tasks(first, 400, absl::StrCat("Bổ sung ", round));
    amend.set_reason("Bổ sung nhiệm vụ");
    pv1::Plan amended;
    const grpc::Status status = plans_->stub().AmendPlan(WithToken(editor_).get(), amend, &amended);
    ASSERT_TRUE(status.ok()) << status.error_message();
    first = amended;
  }
  ASSERT_EQ(first.tasks_size(), 1200);
  for (const auto& t : first.tasks()) {
    EXPECT_TRUE(ids.insert(t.id()).second) << "task id " << t.id() << " used twice";
  }
}

}  // namespace
}  // namespace thidua::testing
