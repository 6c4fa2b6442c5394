// A unit's tasks across plans, in the order ListTasks promises, against its definition: random
// deadlines of every kind (fixed dates, yearly days including 29/2 and the 31st, every year in a
// month, in a month of one year, none), on days that test the year's edges, listed page after
// page. The expected order is computed here from the domain's DueRule, so the store's reading of
// its indexes (three ranges merged by the database) is checked against the rule itself.
#include <algorithm>
#include <random>
#include <tuple>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/domain/due_rule.h"
#include "services/plans/service/plan_input.h"
#include "tests/integration/plans_fixture.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAreArray;

class PlansTaskOrderTest : public PlansTest {
 protected:
  void SetUp() override {
    PlansTest::SetUp();
    RestartPlansWith(clock_);
  }

  void SetToday(absl::CivilDay day) {
    clock_.Set(absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 9, 0, 0),
                               absl::FixedTimeZone(7 * 3600)));
  }

  // A random deadline of any kind; `n` numbers the task. Days are drawn from a few, around the
  // middle and the end of a month, so that fixed dates and recurring rules often fall on the same
  // day or on days next to each other, where a deadline computed one day off changes the order.
  static pv1::DueRule RandomDue(std::mt19937& random, int n) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    // The months around the year's turn and February's short end.
    static constexpr int kMonths[] = {1, 2, 3, 11, 12};
    const int month = kMonths[pick(0, 4)];
    const int days[] = {
        1, 14, 15, 16, kDays[month - 1] - 2, kDays[month - 1] - 1, kDays[month - 1]};
    const int day = days[pick(0, 6)];
    pv1::DueRule due;
    switch (n % 5) {
      case 0:  // none
        break;
      case 1: {  // a fixed date; 29/2 of a common year is 1/3
        const absl::CivilDay date(pick(2026, 2030), month, day);
        *due.mutable_date() = D(static_cast<int>(date.year()), date.month(), date.day());
        break;
      }
      case 2:
        due.mutable_yearly()->set_month(month);
        due.mutable_yearly()->set_day(day);
        break;
      case 3:
        due.mutable_in_month()->set_month(month);
        break;
      case 4:
        due.mutable_in_month()->set_month(month);
        due.mutable_in_month()->set_year(pick(2026, 2030));
        break;
    }
    return due;
  }

  // The order ListTasks promises for these tasks on `today`: dated by (next deadline, the rule's
  // month × 100 + day as indexed, task id), then the undated by task id.
  static std::vector<int64_t> Expected(const std::vector<pv1::Task>& tasks, absl::CivilDay today) {
    std::vector<std::tuple<bool, absl::CivilDay, int, int64_t>> keys;
    for (const pv1::Task& task : tasks) {
      const auto next = plans::FromProto(task.due()).NextOnOrAfter(today);
      int due_md = 0;
      if (task.due().has_yearly()) {
        due_md = task.due().yearly().month() * 100 + task.due().yearly().day();
      } else if (task.due().has_in_month() && task.due().in_month().year() == 0) {
        due_md = task.due().in_month().month() * 100 + 31;
      }
      keys.emplace_back(!next, next.value_or(absl::CivilDay()), next ? due_md : 0, task.id());
    }
    std::sort(keys.begin(), keys.end());
    std::vector<int64_t> ids;
    for (const auto& key : keys) ids.push_back(std::get<3>(key));
    return ids;
  }

  // Every task of the unit, following the tokens, `size` at a time.
  std::vector<int64_t> Listed(pv1::ListTasksRequest request, int size) {
    request.set_page_size(size);
    std::vector<int64_t> ids;
    for (int pages = 0; pages < 1000; ++pages) {
      pv1::ListTasksResponse page;
      const grpc::Status status =
          plans_->stub().ListTasks(WithToken(Token(police_)).get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const pv1::Task& task : page.tasks()) ids.push_back(task.id());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    return ids;
  }

  FakeClock clock_{
      absl::FromCivil(absl::CivilSecond(2026, 1, 1, 9, 0, 0), absl::FixedTimeZone(7 * 3600))};
};

TEST_F(PlansTaskOrderTest, RandomDeadlinesOfEveryKindListInTheirDefinedOrderOnEveryEdgeDay) {
  std::mt19937 random(20261130);
  // Two plans, so that the order runs across plans; the police lead some tasks and coordinate
  // the others, and the department's own tasks are not the police's.
  std::vector<pv1::Task> police_tasks;
  std::vector<pv1::Task> led;
  for (int p = 0; p < 2; ++p) {
    pv1::Plan plan;
    plan.set_issuer_organization_id(province_);
    plan.set_title(absl::StrCat("Kế hoạch kiểm tra thứ tự ", p));
    plan.set_period_from_year(2026);
    plan.set_period_to_year(2030);
    for (int n = 0; n < 90; ++n) {
      pv1::Task* task = plan.add_tasks();
      task->set_title(absl::StrCat("Nhiệm vụ ", p, "-", n));
      const int role = (n / 5) % 3;  // 0: led by the police, 1: coordinated, 2: not theirs
      task->set_lead_organization_id(role == 0 ? police_ : home_affairs_);
      if (role == 1) task->add_coordinating_organization_ids(police_);
      *task->mutable_due() = RandomDue(random, n);
    }
    const pv1::Plan issued =
        CreateAndIssue(plan, editor_, absl::StrCat(40 + p, "/KH-UBND"), D(2026, 1, 1));
    ASSERT_EQ(issued.status(), pv1::ISSUED);
    for (const pv1::Task& task : issued.tasks()) {
      if (task.lead_organization_id() == police_) led.push_back(task);
      if (task.lead_organization_id() == police_ || task.coordinating_organization_ids_size() > 0) {
        police_tasks.push_back(task);
      }
    }
  }
  ASSERT_EQ(police_tasks.size(), 120u);

  pv1::ListTasksRequest all;
  all.set_assignee_organization_id(police_);
  pv1::ListTasksRequest lead = all;
  lead.set_lead_only(true);
  // The first day of a year, its last, a common year's 28/2 and a leap year's 29/2 and 1/3, and
  // days inside months whose rules fall on their last day.
  for (const absl::CivilDay today :
       {absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 2, 28), absl::CivilDay(2026, 4, 30),
        absl::CivilDay(2026, 11, 30), absl::CivilDay(2026, 12, 31), absl::CivilDay(2027, 3, 1),
        absl::CivilDay(2028, 2, 29), absl::CivilDay(2028, 3, 1), absl::CivilDay(2029, 12, 31)}) {
    SetToday(today);
    const std::vector<int64_t> expected = Expected(police_tasks, today);
    for (int size : {1, 2, 7, 1000}) {
      EXPECT_THAT(Listed(all, size), ElementsAreArray(expected))
          << absl::FormatCivilTime(today) << " page_size " << size;
    }
    EXPECT_THAT(Listed(lead, 5), ElementsAreArray(Expected(led, today)))
        << absl::FormatCivilTime(today) << " lead_only";
  }
}

// A task whose stored row went bad (content that does not parse, a row gone), dated or not, is
// left out and logged; the listing goes on past it to every later task, and the undated ones
// come only after the last dated one.
TEST_F(PlansTaskOrderTest, ATaskThatCannotBeReadLeavesAPageShortNotTheListing) {
  SetToday(absl::CivilDay(2026, 3, 1));
  pv1::Plan plan;
  plan.set_issuer_organization_id(province_);
  plan.set_title("Kế hoạch có nhiệm vụ hỏng");
  plan.set_period_from_year(2026);
  plan.set_period_to_year(2026);
  for (int month = 4; month <= 9; ++month) {
    pv1::Task* task = plan.add_tasks();
    task->set_title(absl::StrCat("Nhiệm vụ tháng ", month));
    task->set_lead_organization_id(police_);
    *task->mutable_due()->mutable_date() = D(2026, month, 10);
  }
  for (const char* title : {"Nhiệm vụ thường xuyên", "Nhiệm vụ lâu dài", "Nhiệm vụ khác"}) {
    pv1::Task* undated = plan.add_tasks();
    undated->set_title(title);
    undated->set_lead_organization_id(police_);
  }
  const pv1::Plan issued = CreateAndIssue(plan, editor_, "50/KH-UBND", D(2026, 2, 1));
  ASSERT_EQ(issued.tasks_size(), 9);
  // May's content no longer parses; July's row is gone; so is the second undated task's.
  const absl::Status broken = plans_->pool().Run(absl::InfiniteFuture(), [&](db::Connection& c) {
    auto& garble = c.Prepare("UPDATE tasks SET content = 'not a task' WHERE task_id = ?");
    garble.setInt64(1, issued.tasks(1).id());
    garble.executeUpdate();
    auto& remove = c.Prepare("DELETE FROM tasks WHERE task_id = ?");
    for (int i : {3, 7}) {
      remove.setInt64(1, issued.tasks(i).id());
      remove.executeUpdate();
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(broken.ok()) << broken;
  const std::vector<int64_t> readable = {issued.tasks(0).id(), issued.tasks(2).id(),
                                         issued.tasks(4).id(), issued.tasks(5).id(),
                                         issued.tasks(6).id(), issued.tasks(8).id()};
  pv1::ListTasksRequest mine;
  mine.set_assignee_organization_id(police_);
  for (int size : {1, 2, 3, 1000}) {
    EXPECT_THAT(Listed(mine, size), ElementsAreArray(readable)) << "page_size " << size;
  }
  // Before August: April and June; no page past them, empty or not, carries a token.
  pv1::ListTasksRequest before_august = mine;
  *before_august.mutable_due_before() = D(2026, 8, 1);
  pv1::ListTasksResponse page;
  before_august.set_page_size(1);
  std::vector<int64_t> ids;
  for (int pages = 0; pages < 10; ++pages) {
    ASSERT_TRUE(
        plans_->stub().ListTasks(WithToken(Token(police_)).get(), before_august, &page).ok());
    for (const auto& task : page.tasks()) ids.push_back(task.id());
    if (page.next_page_token().empty()) break;
    EXPECT_GT(page.tasks_size(), 0) << "an empty page with a token";
    before_august.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(ids, ElementsAreArray({issued.tasks(0).id(), issued.tasks(2).id()}));
}

}  // namespace
}  // namespace thidua::testing
