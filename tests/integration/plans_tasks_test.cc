// Everything one unit must do across plans: by next deadline, a page at a time, from the task rows
// written when a plan is issued and removed when it is closed.
#include "services/plans/store/task_store.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

class PlansTasksTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    // 1 March 2026 in Vietnam: the yearly deadline of 15/11 is next due on 15/11/2026.
    RestartPlansWith(clock_);
  }

  static pv1::Task* AddTask(pv1::Plan& plan, const std::string& title, int64_t lead,
                            std::vector<int64_t> coordinating = {}) {
    auto* task = plan.add_tasks();
    task->set_title(title);
    task->set_lead_organization_id(lead);
    for (int64_t c : coordinating) task->add_coordinating_organization_ids(c);
    return task;
  }

  pv1::Plan Plan(const std::string& title, int from, int to) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(province_);
    plan.set_title(title);
    plan.set_period_from_year(from);
    plan.set_period_to_year(to);
    return plan;
  }

  // Titles of the police's tasks, following the page tokens.
  std::vector<std::string> Titles(pv1::ListTasksRequest request,
                                  std::vector<std::string>* plan_symbols = nullptr) {
    std::vector<std::string> titles;
    do {
      pv1::ListTasksResponse page;
      const grpc::Status status =
          plans_->stub().ListTasks(WithToken(Token(police_)).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& task : page.tasks()) {
        titles.push_back(task.title());
        if (plan_symbols) plan_symbols->push_back(task.plan_symbol());
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return titles;
  }

  FakeClock clock_{
      absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::FixedTimeZone(7 * 3600))};
};

TEST_F(PlansTasksTest, AUnitsTasksAcrossPlansComeByNextDeadlineAPageAtATime) {
  pv1::Plan yearly = Plan("Kế hoạch thực hiện Phong trào giai đoạn 2025-2030", 2025, 2030);
  AddTask(yearly, "Báo cáo năm", police_, {home_affairs_})
      ->mutable_due()
      ->mutable_yearly()
      ->set_day(15);
  yearly.mutable_tasks(0)->mutable_due()->mutable_yearly()->set_month(11);
  auto* june = AddTask(yearly, "Sơ kết 6 tháng", home_affairs_, {police_});
  june->mutable_due()->mutable_in_month()->set_month(6);
  AddTask(yearly, "Việc của Sở Nội vụ", home_affairs_);
  const pv1::Plan first = CreateAndIssue(yearly, editor_, "10/KH-UBND", D(2025, 12, 1));

  pv1::Plan once = Plan("Kế hoạch tổng kết năm 2025", 2025, 2026);
  AddTask(once, "Tổng kết", police_)->mutable_due()->mutable_date()->CopyFrom(D(2026, 4, 10));
  AddTask(once, "Theo dõi thường xuyên", police_);
  AddTask(once, "Hội nghị cuối năm 2025", home_affairs_, {police_})
      ->mutable_due()
      ->mutable_date()
      ->CopyFrom(D(2025, 12, 31));
  // Every kind of rule: in May 2026 (its last day), and every 15 January (next: 2027).
  auto* may = AddTask(once, "Sơ kết tháng 5", police_);
  may->mutable_due()->mutable_in_month()->set_month(5);
  may->mutable_due()->mutable_in_month()->set_year(2026);
  auto* january = AddTask(once, "Báo cáo đầu năm", police_);
  january->mutable_due()->mutable_yearly()->set_day(15);
  january->mutable_due()->mutable_yearly()->set_month(1);
  const pv1::Plan second = CreateAndIssue(once, editor_, "11/KH-UBND", D(2025, 12, 1));
  ASSERT_EQ(second.status(), pv1::ISSUED);

  pv1::ListTasksRequest mine;
  mine.set_assignee_organization_id(police_);
  mine.set_page_size(2);
  std::vector<std::string> symbols;
  // Dated first, by next deadline; then the tasks without one (none, or a date already past).
  EXPECT_THAT(Titles(mine, &symbols),
              ElementsAre("Tổng kết", "Sơ kết tháng 5", "Sơ kết 6 tháng", "Báo cáo năm",
                          "Báo cáo đầu năm", "Theo dõi thường xuyên", "Hội nghị cuối năm 2025"));
  EXPECT_THAT(symbols, ElementsAre("11/KH-UBND", "11/KH-UBND", "10/KH-UBND", "10/KH-UBND",
                                   "11/KH-UBND", "11/KH-UBND", "11/KH-UBND"));

  pv1::ListTasksRequest lead = mine;
  lead.set_lead_only(true);
  EXPECT_THAT(Titles(lead), ElementsAre("Tổng kết", "Sơ kết tháng 5", "Báo cáo năm",
                                        "Báo cáo đầu năm", "Theo dõi thường xuyên"));

  pv1::ListTasksRequest before_july = mine;
  *before_july.mutable_due_before() = D(2026, 7, 1);
  EXPECT_THAT(Titles(before_july), ElementsAre("Tổng kết", "Sơ kết tháng 5", "Sơ kết 6 tháng"));

  // A status reported by the police shows in its listing, with the next deadline computed.
  const std::string reporter =
      TestTokens::Get().Token(police_, {"plans-reporter"}, "can-bo-cong-an");
  pv1::SetTaskStatusRequest status;
  status.set_task_id(first.tasks(0).id());
  status.set_organization_id(police_);
  status.set_year(2026);
  status.set_state(pv1::IN_PROGRESS);
  pv1::Task updated;
  ASSERT_TRUE(plans_->stub().SetTaskStatus(WithToken(reporter).get(), status, &updated).ok());
  pv1::ListTasksResponse page;
  lead.set_page_size(10);
  ASSERT_TRUE(plans_->stub().ListTasks(WithToken(Token(police_)).get(), lead, &page).ok());
  ASSERT_EQ(page.tasks_size(), 5);
  const pv1::Task& report = page.tasks(2);
  EXPECT_EQ(report.plan_title(), "Kế hoạch thực hiện Phong trào giai đoạn 2025-2030");
  EXPECT_EQ(report.due_text(), "trước ngày 15/11 hằng năm");
  EXPECT_EQ(report.next_deadline().year(), 2026);
  ASSERT_EQ(report.statuses_size(), 1);
  EXPECT_EQ(report.statuses(0).state(), pv1::IN_PROGRESS);
  EXPECT_TRUE(page.next_page_token().empty());

  // A token this service did not issue is refused: tokens are cursors, not offsets.
  pv1::ListTasksRequest far = mine;
  far.set_page_token("1000");
  EXPECT_EQ(plans_->stub().ListTasks(WithToken(Token(police_)).get(), far, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  far.set_page_token("abc");
  EXPECT_EQ(plans_->stub().ListTasks(WithToken(Token(police_)).get(), far, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A closed plan assigns nothing any more.
  pv1::ClosePlanRequest close;
  close.set_id(second.id());
  close.set_etag(second.etag());
  pv1::Plan closed;
  ASSERT_TRUE(plans_->stub().ClosePlan(WithToken(editor_).get(), close, &closed).ok());
  EXPECT_THAT(Titles(mine), ElementsAre("Sơ kết 6 tháng", "Báo cáo năm"));
}

TEST_F(PlansTasksTest, PlansIssuedBeforeTheTaskRowsExistedAreIndexedAtStartUp) {
  pv1::Plan plan = Plan("Kế hoạch năm 2026", 2026, 2026);
  AddTask(plan, "Tổng kết", police_)->mutable_due()->mutable_date()->CopyFrom(D(2026, 12, 10));
  CreateAndIssue(plan, editor_, "12/KH-UBND", D(2026, 1, 5));
  // As a database migrated from 0001 would be: assignments without task rows.
  ASSERT_TRUE(plans_->pool()
                  .Run(absl::InfiniteFuture(),
                       [](db::Connection& conn) {
                         conn.Execute("DELETE FROM tasks");
                         return absl::OkStatus();
                       })
                  .ok());
  pv1::ListTasksRequest mine;
  mine.set_assignee_organization_id(police_);
  EXPECT_THAT(Titles(mine), ::testing::IsEmpty());
  ASSERT_TRUE(plans::store::IndexPlansMissingTaskRows(plans_->pool()).ok());
  EXPECT_THAT(Titles(mine), ElementsAre("Tổng kết"));
}

}  // namespace
}  // namespace thidua::testing
