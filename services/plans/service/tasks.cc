// Tasks: a plan's own, everything one unit must do across plans, and the assignees' progress.
#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/text.h"
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
    const absl::CivilDay today = Today();
    if (request->plan_id() != 0) {
      auto plan = ReadablePlan(call, request->plan_id(), 0);
      if (!plan.ok()) return plan.status();
      return pool_.Run(call.deadline, [&](db::Connection& conn) {
        for (auto& task : *plan->mutable_tasks()) {
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
    const int size = request->page_size() <= 0 ? 100 : std::min(request->page_size(), 1000);
    size_t offset = 0;
    if ((!request->page_token().empty() && !absl::SimpleAtoi(request->page_token(), &offset)) ||
        offset > 10'000'000) {
      return InvalidArgument(
          {{"page_token", "is not a token this service issued", "mã trang không hợp lệ"}});
    }
    // The page is chosen from short index ranges (see store::DatedAssignments): dated tasks by
    // next deadline, then the undated ones by id; only the tasks on the page are read whole.
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      struct Due {
        absl::CivilDay next;
        int64_t task_id;
        bool operator<(const Due& o) const {
          return std::tie(next, task_id) < std::tie(o.next, o.task_id);
        }
      };
      const size_t want = offset + size + 1;  // one more tells whether a next page exists
      std::vector<Due> dated;
      for (const auto& a : store::DatedAssignments(conn, unit, request->lead_only(), today,
                                                   static_cast<int>(want))) {
        std::optional<absl::CivilDay> next = a.due.NextOnOrAfter(today);
        if (!next || (due_before->has_value() && *next >= **due_before)) continue;
        dated.push_back({*next, a.task_id});
      }
      std::sort(dated.begin(), dated.end());
      std::vector<int64_t> ids;
      for (size_t i = offset; i < dated.size() && ids.size() < want - offset; ++i) {
        ids.push_back(dated[i].task_id);
      }
      // Past the dated tasks come those without a deadline (never before a due_before date).
      if (ids.size() < want - offset && !due_before->has_value()) {
        const size_t skip = offset > dated.size() ? offset - dated.size() : 0;
        for (const auto& a : store::UndatedAssignments(
                 conn, unit, request->lead_only(), today, static_cast<int>(skip),
                 static_cast<int>(want - offset - ids.size()))) {
          ids.push_back(a.task_id);
        }
      }
      const bool more = ids.size() > static_cast<size_t>(size);
      if (more) ids.resize(size);
      std::vector<v1::Task> tasks = store::LoadTasks(conn, ids);
      for (auto& task : tasks) {
        Decorate(task, today);
        MarkLateness(task, today);
        *response->add_tasks() = std::move(task);
      }
      if (more) response->set_next_page_token(absl::StrCat(offset + size));
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
  if (plan && plan->status() == v1::ISSUED) {
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
    if (request->state() == v1::TASK_STATE_UNSPECIFIED ||
        !v1::TaskState_IsValid(request->state())) {
      v.Add("state", "is required", "là bắt buộc");
    }
    auto done = thidua::FromProto(request->done_date());
    if (!done.ok()) v.Add("done_date", "is not a valid date", "không phải ngày hợp lệ");
    if (done.ok() && request->state() == v1::DONE && !done->has_value()) {
      v.Add("done_date", "is required when the task is done", "là bắt buộc khi đã hoàn thành");
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
    auto found = TaskForAssignee(call, request->task_id(), request->organization_id());
    if (!found.ok()) return found.status();
    const v1::Plan* plan = &found->plan;
    const v1::Task* task = &found->task;
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::TransactOnce(pool_, call.deadline, key, response, [&](db::Connection& conn) {
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
