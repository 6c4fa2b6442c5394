// Tasks: a plan's own, everything one unit must do across plans, and the assignees' progress.
#include <algorithm>
#include <numeric>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/happened.h"
#include "common/text.h"
#include "services/plans/domain/plan_lifecycle.h"
#include "services/plans/service/plan_input.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/task_store.h"

namespace thidua::plans {
namespace {

bool Assigned(const v1::Task& task, int64_t organization) {
  if (task.lead_organization_id() == organization) return true;
  for (int64_t c : task.coordinating_organization_ids()) {
    if (c == organization) return true;
  }
  return false;
}

// Marks statuses done after (or still open past) the year's deadline.
void MarkLateness(v1::Task& task, absl::CivilDay today) {
  const DueRule rule = FromProto(task.due());
  for (auto& status : *task.mutable_statuses()) {
    const auto deadline = rule.DeadlineIn(status.year());
    if (!deadline) continue;
    auto done = thidua::FromProto(status.done_date());
    const bool finished = status.state() == v1::DONE && done.ok() && done->has_value();
    status.set_late(finished ? **done > *deadline : today > *deadline);
  }
}

// A task's place in a unit's listing across plans: the dated tasks by (next deadline, due_md,
// task id) as store::DatedAssignments reads them, then the undated ones by task id. A page token
// holds it as {0, "YYYY-MM-DD", due_md, task id} or {1, "", 0, task id}. The next deadline is
// computed from today, so a token kept past midnight may meet a recurring rule moved on a year
// or a fixed date gone undated: such a task shows again or not at all, as with any row whose sort
// key changes between pages.
struct TaskPlace {
  bool undated = false;
  store::DatedKey key;  // of an undated task only its task_id

  server::CursorKey Key() const {
    return {int64_t{undated}, undated ? "" : ToIso(key.next), int64_t{key.due_md}, key.task_id};
  }
  bool operator<(const TaskPlace& o) const {
    return std::tie(undated, key.next, key.due_md, key.task_id) <
           std::tie(o.undated, o.key.next, o.key.due_md, o.key.task_id);
  }

  // Where the page starts: nullopt on the first page.
  static absl::StatusOr<std::optional<TaskPlace>> After(const server::Pager& pager) {
    auto start = pager.StartAs(std::tuple<int64_t, std::string, int64_t, int64_t>{});
    if (!start.ok()) return start.status();
    if (pager.first_page()) return std::nullopt;
    const auto& [undated, date, due_md, task_id] = *start;
    if (undated == 1 && date.empty() && due_md == 0) return TaskPlace{true, {{}, 0, task_id}};
    const std::optional<absl::CivilDay> next = ParseIso(date);
    if (undated != 0 || !next || due_md < 0 || due_md > 1231) return server::Pager::BadToken();
    return TaskPlace{false, {*next, static_cast<int>(due_md), task_id}};
  }
};

// The positions of a plan's tasks on this page. The plan is read whole anyway, so it pages in
// memory, by (position, task id).
absl::StatusOr<std::vector<int>> PlanTasksPage(const v1::Plan& plan, const server::Pager& pager,
                                               v1::ListTasksResponse& response) {
  if (auto shaped = pager.StartAs(std::tuple<int64_t, int64_t>{}); !shaped.ok()) {
    return shaped.status();
  }
  std::vector<int> positions(plan.tasks_size());
  std::iota(positions.begin(), positions.end(), 0);
  std::string next;
  positions = pager.PageOf(
      positions,
      [&](int i) {
        return server::CursorKey{int64_t{i}, plan.tasks(i).id()};
      },
      next);
  response.set_next_page_token(next);
  return positions;
}

}  // namespace

grpc::Status PlansService::ListTasks(Ctx* ctx, const v1::ListTasksRequest* request,
                                     v1::ListTasksResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if ((request->plan_id() == 0) == (request->assignee_organization_id() == 0)) {
      return InvalidArgument({{"plan_id", "give either plan_id or assignee_organization_id",
                               "cần mã kế hoạch hoặc mã đơn vị được giao"}});
    }
    auto due_before = thidua::FromProto(request->due_before());
    if (!due_before.ok()) {
      return InvalidArgument({{"due_before", "is not a valid date", "không phải ngày hợp lệ"}});
    }
    auto pager = server::Pager::Read(*request, 100, 1000);
    if (!pager.ok()) return pager.status();
    const absl::CivilDay today = Today();
    if (request->plan_id() != 0) {
      auto plan = ReadablePlan(call, request->plan_id(), 0);
      if (!plan.ok()) return plan.status();
      auto page = PlanTasksPage(*plan, *pager, *response);
      if (!page.ok()) return page.status();
      return pool_.Run(call.deadline, [&](db::Connection& conn) {
        for (int i : *page) {
          v1::Task& task = *plan->mutable_tasks(i);
          store::LoadTaskProgress(conn, task);
          Decorate(task, today);
          MarkLateness(task, today);
          *response->add_tasks() = std::move(task);
        }
        return absl::OkStatus();
      });
    }
    const int64_t unit = request->assignee_organization_id();
    auto in_scope = InScope(call, unit);
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) {
      return PermissionDenied();
    }
    auto after = TaskPlace::After(*pager);
    if (!after.ok()) return after.status();
    const bool undated_only = *after && (*after)->undated;
    std::optional<store::DatedKey> dated_after;
    if (*after && !undated_only) dated_after = (*after)->key;
    const int64_t undated_after = undated_only ? (*after)->key.task_id : 0;
    // The dated tasks come whole from one statement (see store::NextDatedTasks), each placed by
    // its next deadline as DueRule computes it; the undated ones by id only when the page has
    // room left.
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      const size_t want = pager->size() + 1;  // one more tells whether a next page exists
      store::DatedTasks dated;
      std::vector<v1::Task> undated;
      // The page's places, each with its task where it lies: the messages are not moved to sort.
      std::vector<std::pair<TaskPlace, v1::Task*>> page;
      bool reached_due_before = false;  // the rest of the listing lies past due_before
      if (!undated_only) {
        dated = store::NextDatedTasks(conn, unit, request->lead_only(), today, dated_after,
                                      static_cast<int>(want));
        for (size_t i = 0; i < dated.tasks.size(); ++i) {
          v1::Task& task = dated.tasks[i];
          std::optional<absl::CivilDay> next = FromProto(task.due()).NextOnOrAfter(today);
          if (!next) continue;
          if (due_before->has_value() && *next >= **due_before) {
            reached_due_before = true;
            continue;
          }
          page.emplace_back(TaskPlace{false, {*next, dated.due_md[i], task.id()}}, &task);
        }
        std::sort(page.begin(), page.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
      }
      // Past the dated tasks come those without a deadline (never before a due_before date), once
      // the database has no more dated ones: a dated task that could not be read (logged) leaves
      // the page short, not the listing.
      if (dated.more) {
        if (page.size() <= static_cast<size_t>(pager->size()) && !reached_due_before) {
          const TaskPlace last = page.empty() ? TaskPlace{false, dated.last} : page.back().first;
          response->set_next_page_token(pager->TokenAfter(last.Key()));
        }
      } else if (page.size() < want && !due_before->has_value()) {
        const size_t asked = want - page.size();
        const std::vector<int64_t> ids = store::UndatedTaskIds(
            conn, unit, request->lead_only(), today, undated_after, static_cast<int>(asked));
        undated = store::LoadTasks(conn, ids);
        for (v1::Task& task : undated)
          page.emplace_back(TaskPlace{true, {{}, 0, task.id()}}, &task);
        // As with the dated ones: an undated task that could not be read shortens the page only.
        if (ids.size() == asked && page.size() <= static_cast<size_t>(pager->size())) {
          response->set_next_page_token(
              pager->TokenAfter(TaskPlace{true, {{}, 0, ids.back()}}.Key()));
        }
      }
      if (page.size() > static_cast<size_t>(pager->size())) {
        page.resize(pager->size());
        response->set_next_page_token(pager->TokenAfter(page.back().first.Key()));
      }
      response->mutable_tasks()->Reserve(static_cast<int>(page.size()));
      for (auto& [place, task] : page) {
        Decorate(*task, today);
        MarkLateness(*task, today);
        response->add_tasks()->Swap(task);
      }
      return absl::OkStatus();
    });
  });
}

absl::StatusOr<PlansService::AssigneeTask> PlansService::TaskForAssignee(const server::Call& call,
                                                                         int64_t task_id,
                                                                         int64_t organization) {
  // Progress is reported by staff of the assignee (the roles are declared in the proto). Every
  // refusal (another unit, an unknown task, a task of a draft or not assigned to the unit) is the
  // same answer, decided before anything stored is revealed.
  auto in_scope = InScope(call, organization);
  if (!in_scope.ok()) return in_scope.status();
  if (!*in_scope) return PermissionDenied();
  std::optional<v1::Plan> plan;
  absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
    if (auto plan_id = store::PlanOfIssuedTask(conn, task_id))
      plan = store::LoadPlan(conn, *plan_id, 0);
    return absl::OkStatus();
  });
  if (!loaded.ok()) return loaded;
  if (plan && PlanAllows(plan->status(), PlanAction::kReportProgress)) {
    for (const auto& task : plan->tasks()) {
      if (task.id() == task_id && Assigned(task, organization)) return AssigneeTask{*plan, task};
    }
  }
  return PermissionDenied();
}

grpc::Status PlansService::SetTaskStatus(Ctx* ctx, const v1::SetTaskStatusRequest* request,
                                         v1::Task* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    auto done = thidua::FromProto(request->done_date());
    // A done_date that is not a date was still given: it is refused as such, not as missing.
    CheckTaskReport(request->state(), !done.ok() || done->has_value(), v);
    if (!done.ok()) v.Add("done_date", "is not a valid date", "không phải ngày hợp lệ");
    if (done.ok() && done->has_value()) {
      CheckHappened(**done, Today(), "done_date", v);
      CheckDoneInYear(**done, request->year(), v);
    }
    if (!v.empty()) return v.ToStatus();
    auto found = TaskForAssignee(call, request->task_id(), request->organization_id());
    if (!found.ok()) return found.status();
    const v1::Plan* plan = &found->plan;
    const v1::Task* task = &found->task;
    if (request->year() < plan->period_from_year() || request->year() > plan->period_to_year()) {
      return InvalidArgument(
          {{"year", "outside the plan's period", "nằm ngoài thời kỳ của kế hoạch"}});
    }
    return pool_.Transact(call.deadline, [&](db::Connection& conn) {
      v1::AssigneeStatus status;
      status.set_organization_id(request->organization_id());
      status.set_year(request->year());
      status.set_state(request->state());
      *status.mutable_done_date() = request->done_date();
      store::UpsertTaskStatus(conn, task->id(), status);
      db::Audit(conn, call, absl::StrCat("plans/", plan->id(), "/tasks/", task->id()),
                {{"status", v1::TaskState_Name(request->state())}, {"year", request->year()}});
      *response = *task;
      store::LoadTaskProgress(conn, *response);
      Decorate(*response, Today());
      MarkLateness(*response, Today());
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::AddProgressNote(Ctx* ctx, const v1::AddProgressNoteRequest* request,
                                           v1::Task* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->text().empty()) {
      return InvalidArgument({{"text", "is required", "là bắt buộc"}});
    }
    auto in_scope = InScope(call, request->organization_id());
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) return PermissionDenied();
    // A retry of a note written is answered from its first answer, even once the plan is closed.
    std::optional<AssigneeTask> found;
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response,
        [&]() -> absl::Status {
          auto assigned = TaskForAssignee(call, request->task_id(), request->organization_id());
          if (!assigned.ok()) return assigned.status();
          found = *std::move(assigned);
          return absl::OkStatus();
        },
        [&](db::Connection& conn) {
          const v1::Plan* plan = &found->plan;
          const v1::Task* task = &found->task;
          v1::ProgressNote note;
          note.set_organization_id(request->organization_id());
          note.set_author(call.principal.subject);
          note.set_text(request->text());
          store::InsertTaskNote(conn, task->id(), note);
          db::Audit(conn, call, absl::StrCat("plans/", plan->id(), "/tasks/", task->id()),
                    {{"note", true}});
          *response = *task;
          store::LoadTaskProgress(conn, *response);
          Decorate(*response, Today());
          MarkLateness(*response, Today());
          return absl::OkStatus();
        });
  });
}

}  // namespace thidua::plans
