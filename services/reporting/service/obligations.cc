// Reporting obligations (chế độ báo cáo) and the periods they cut time into.
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/server/pager.h"
#include "services/registry/client/scope_checks.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {
namespace {

constexpr int kMaxUnitsNamed = 5000;

// The population's own shape, and the organisations it names.
void CheckReporters(const plans::v1::Population& p, std::vector<int64_t>& named, Violations& v) {
  if (p.has_units()) {
    const auto& ids = p.units().organization_ids();
    if (ids.empty() || ids.size() > kMaxUnitsNamed) {
      v.Add("obligation.reporters.units.organization_ids", "1 to 5000 units",
            "từ 1 đến 5000 đơn vị");
    }
    for (int64_t id : ids) {
      if (id <= 0) {
        v.Add("obligation.reporters.units.organization_ids", "ids are positive",
              "mã đơn vị phải dương");
        return;
      }
      named.push_back(id);
    }
  } else if (p.has_kinds()) {
    if (p.kinds().scope_organization_id() <= 0) {
      v.Add("obligation.reporters.kinds.scope_organization_id", "is required", "là bắt buộc");
    } else {
      named.push_back(p.kinds().scope_organization_id());
    }
    for (int kind : p.kinds().kinds()) {
      if (!registry::v1::OrganizationKind_IsValid(kind) ||
          kind == registry::v1::ORGANIZATION_KIND_UNSPECIFIED) {
        v.Add("obligation.reporters.kinds.kinds", "unknown organisation kind",
              "loại đơn vị không hợp lệ");
      }
    }
    if (!plans::v1::ScopeRelation_IsValid(p.kinds().relation())) {
      v.Add("obligation.reporters.kinds.relation", "unknown relation", "quan hệ không hợp lệ");
    }
  } else if (p.group_id() <= 0) {
    v.Add("obligation.reporters", "units, kinds or group_id is required",
          "cần một trong units, kinds hoặc group_id");
  }
}

}  // namespace

absl::StatusOr<std::optional<std::set<int64_t>>> ReportingService::UnitsWithin(
    const server::Call& call, int64_t organization, CivilDay day) {
  auto self = registry_.BatchGet(call, {organization}, day);
  if (!self.ok()) return self.status();
  if (!self->found.empty() && self->found.front().kind() == registry::v1::NATION) {
    return std::optional<std::set<int64_t>>();
  }
  auto subtree = registry_.KindsWithin(call, organization, {}, day);
  if (!subtree.ok()) return subtree.status();
  std::set<int64_t> within = {organization};
  for (const auto& unit : *subtree) within.insert(unit.id());
  return std::optional<std::set<int64_t>>(std::move(within));
}

absl::Status ReportingService::CheckWithinIssuer(const server::Call& call, const v1::Obligation& o,
                                                 const std::vector<int64_t>& members,
                                                 CivilDay day) {
  auto within = UnitsWithin(call, o.issuer_organization_id(), day);
  if (!within.ok()) return within.status();
  if (!*within) return absl::OkStatus();  // the nation's: every unit lies within it
  Violations v;
  auto check = [&](int64_t unit, const std::string& field) {
    if (unit != 0 && !(*within)->contains(unit)) {
      v.Add(field, absl::StrCat("unit ", unit, " does not lie within the issuer"),
            absl::StrCat("đơn vị ", unit, " không thuộc phạm vi của cơ quan ban hành"));
    }
  };
  check(o.recipient_organization_id(), "obligation.recipient_organization_id");
  check(o.via_organization_id(), "obligation.via_organization_id");
  const auto& p = o.reporters();
  if (p.has_kinds()) check(p.kinds().scope_organization_id(), "obligation.reporters.kinds");
  for (int k = 0; k < p.units().organization_ids_size(); ++k) {
    check(p.units().organization_ids(k),
          absl::StrCat("obligation.reporters.units.organization_ids[", k, "]"));
  }
  for (int64_t member : members) check(member, "obligation.reporters.group_id");
  return v.ToStatus();
}

absl::Status ReportingService::CheckPlanTask(const server::Call& call, const v1::Obligation& o) {
  if (o.plan_task_id() == 0) return absl::OkStatus();
  auto unknown = [] {
    return Error(
        absl::StatusCode::kFailedPrecondition, "UNKNOWN_PLAN_TASK",
        "No task of a plan you can read has this id",
        "Không có nhiệm vụ này trong kế hoạch mà bạn được xem",
        {{"obligation.plan_task_id", "names no task of the plan", "không có nhiệm vụ này"}});
  };
  auto plan = plans_.GetPlan(call, o.plan_id());
  if (!plan.ok()) {
    // Plans answers an unknown plan and one the caller may not read alike (AIP-211), and so
    // does this.
    const absl::StatusCode code = plan.status().code();
    if (code == absl::StatusCode::kPermissionDenied || code == absl::StatusCode::kNotFound) {
      return unknown();
    }
    return plan.status();
  }
  if (plan->status() != plans::v1::ISSUED) {
    return Error(absl::StatusCode::kFailedPrecondition, "PLAN_NOT_ISSUED",
                 "Reports serve tasks of an issued plan; this one is a draft or closed",
                 "Chỉ báo cáo cho nhiệm vụ của kế hoạch đã ban hành và chưa kết thúc");
  }
  for (const auto& task : plan->tasks()) {
    if (task.id() != o.plan_task_id()) continue;
    // The plan's issuer sets reports for its tasks, and so do the units a task is assigned to
    // (Công an tỉnh leads the report task): nobody else can attach reports to another's plan.
    const int64_t issuer = o.issuer_organization_id();
    const auto& helpers = task.coordinating_organization_ids();
    if (issuer == plan->issuer_organization_id() || issuer == task.lead_organization_id() ||
        std::find(helpers.begin(), helpers.end(), issuer) != helpers.end()) {
      return absl::OkStatus();
    }
    return Error(
        absl::StatusCode::kFailedPrecondition, "NOT_THE_TASKS_UNIT",
        "Only the plan's issuer or a unit assigned to the task sets reports for it",
        "Chỉ cơ quan ban hành kế hoạch hoặc đơn vị được giao nhiệm vụ mới đặt chế độ "
        "báo cáo cho nhiệm vụ",
        {{"obligation.issuer_organization_id", "neither the plan's issuer nor a unit of the task",
          "không phải cơ quan ban hành kế hoạch hoặc đơn vị được giao nhiệm vụ"}});
  }
  return unknown();
}

grpc::Status ReportingService::CreateObligation(Ctx* ctx,
                                                const v1::CreateObligationRequest* request,
                                                v1::Obligation* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Obligation o = request->obligation();
    Violations v;
    if (o.display_name().empty()) v.Add("obligation.display_name", "is required", "là bắt buộc");
    if (o.issuer_organization_id() <= 0) {
      v.Add("obligation.issuer_organization_id", "is required", "là bắt buộc");
    }
    if (o.recipient_organization_id() <= 0) {
      v.Add("obligation.recipient_organization_id", "is required", "là bắt buộc");
    }
    if (o.via_organization_id() < 0 || (o.via_organization_id() != 0 &&
                                        o.via_organization_id() == o.recipient_organization_id())) {
      v.Add("obligation.via_organization_id", "0, or a unit other than the recipient",
            "0, hoặc một đơn vị khác nơi nhận");
    }
    if (o.template_id() <= 0) v.Add("obligation.template_id", "is required", "là bắt buộc");
    if (o.plan_id() < 0 || o.plan_task_id() < 0 || (o.plan_id() == 0) != (o.plan_task_id() == 0)) {
      v.Add("obligation.plan_task_id", "plan_id and plan_task_id are both set or both 0",
            "plan_id và plan_task_id cùng có hoặc cùng bằng 0");
    }
    std::vector<int64_t> named;
    CheckReporters(o.reporters(), named, v);
    const std::optional<Schedule> schedule = ScheduleOf(o, "obligation.", v);
    if (!v.empty()) return v.ToStatus();
    if (auto s = AuthorizeDesigner(call, o.issuer_organization_id()); !s.ok()) return s;
    // What the registry and plans say, asked after a retry got its first answer (WriteOnce).
    auto checks = [&]() -> absl::Status {
      named.push_back(o.recipient_organization_id());
      if (o.via_organization_id() != 0) named.push_back(o.via_organization_id());
      std::sort(named.begin(), named.end());
      named.erase(std::unique(named.begin(), named.end()), named.end());
      // The units must exist when the obligation first applies: a 2023 regime names the districts
      // of 2023, dissolved since.
      const CivilDay as_of = std::min(Today(), schedule->FirstPeriod()->last);
      if (auto s = CheckOrganizationsValid(registry_, call, named, as_of); !s.ok()) return s;
      std::vector<int64_t> members;
      if (o.reporters().group_id() > 0) {
        // A group the registry does not know answers NOT_FOUND, which names the field here.
        auto group = registry_.GroupMembers(call, o.reporters().group_id(), as_of);
        if (!group.ok()) {
          if (group.status().code() != absl::StatusCode::kNotFound) return group.status();
          return Error(absl::StatusCode::kNotFound, "UNKNOWN_GROUP", "Unknown group",
                       "Không có nhóm đơn vị này",
                       {{"obligation.reporters.group_id", "unknown group", "không có nhóm này"}});
        }
        for (const auto& m : *group) members.push_back(m.id());
      }
      if (auto s = CheckWithinIssuer(call, o, members, as_of); !s.ok()) return s;
      return CheckPlanTask(call, o);
    };
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          if (!store::LoadTemplate(conn, o.template_id(), 0, false)) {
            return Error(
                absl::StatusCode::kNotFound, "UNKNOWN_TEMPLATE", "Unknown template",
                "Không có mẫu báo cáo này",
                {{"obligation.template_id", "unknown template", "không có mẫu báo cáo này"}});
          }
          store::InsertObligation(conn, o);
          *response = o;
          db::Audit(conn, call, absl::StrCat("obligations/", o.id()),
                    {{"created", o.display_name()}});
          return absl::OkStatus();
        });
  });
}

grpc::Status ReportingService::GetObligation(Ctx* ctx, const v1::GetObligationRequest* request,
                                             v1::Obligation* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto found = store::LoadObligation(conn, request->id());
      if (!found) return NotFound("Obligation", "chế độ báo cáo");
      *response = *std::move(found);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::ListObligations(Ctx* ctx, const v1::ListObligationsRequest* request,
                                               v1::ListObligationsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    if (request->issuer_organization_id() < 0)
      v.Add("issuer_organization_id", "must not be negative", "không được âm");
    if (request->recipient_organization_id() < 0)
      v.Add("recipient_organization_id", "must not be negative", "không được âm");
    if (request->via_organization_id() < 0)
      v.Add("via_organization_id", "must not be negative", "không được âm");
    auto pager = server::Pager::Read(*request, v);
    if (!v.empty()) return v.ToStatus();
    auto after = pager->StartAs(std::tuple<int64_t>{0});
    if (!after.ok()) return after.status();
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto page = store::ListObligations(conn, *request, std::get<0>(*after), pager->size() + 1);
      if (static_cast<int>(page.size()) > pager->size()) {
        page.resize(pager->size());
        response->set_next_page_token(pager->TokenAfter({page.back().id()}));
      }
      for (auto& o : page) *response->add_obligations() = std::move(o);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::ListPeriods(Ctx* ctx, const v1::ListPeriodsRequest* request,
                                           v1::ListPeriodsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    auto date = [&](const common::v1::Date& d, const char* field) -> std::optional<CivilDay> {
      auto day = thidua::FromProto(d);
      if (!day.ok()) {
        v.Add(field, "is not a valid date", "không phải ngày hợp lệ");
        return std::nullopt;
      }
      return *day;
    };
    const CivilDay today = Today();
    const CivilDay as_of = date(request->as_of(), "as_of").value_or(today);
    const CivilDay from = date(request->from(), "from").value_or(as_of);
    const CivilDay to = date(request->to(), "to").value_or(as_of);
    if (to < from) v.Add("to", "must not be before from", "không được trước from");
    if (to - from > 10 * 366) v.Add("to", "at most 10 years after from", "tối đa 10 năm sau from");
    for (int state : request->states()) {
      if (state == v1::PERIOD_STATE_UNSPECIFIED || !v1::PeriodState_IsValid(state)) {
        v.Add("states", "UPCOMING, OPEN, DUE or CLOSED", "UPCOMING, OPEN, DUE hoặc CLOSED");
      }
    }
    auto pager = server::Pager::Read(*request, v);
    if (!v.empty()) return v.ToStatus();
    auto after = pager->StartAs(std::tuple<std::string>{""});
    if (!after.ok()) return after.status();
    std::shared_ptr<const v1::Obligation> obligation;
    WorkingCalendar calendar;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      obligation = catalogue_.Obligation(conn, request->obligation_id());
      // Deadlines counted in working days may run into the next year.
      calendar = store::LoadCalendar(conn, static_cast<int>(from.year()) - 1,
                                     static_cast<int>(to.year()) + 2);
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    if (!obligation) return NotFound("Obligation", "chế độ báo cáo");
    Violations stored;
    std::optional<Schedule> schedule = ScheduleOf(*obligation, "obligation.", stored);
    if (!schedule) return absl::InternalError("a stored obligation's schedule does not read");
    const std::vector<Period> periods = schedule->PeriodsOverlapping(from, to);
    // Keys sort as the periods do within one obligation ("2026-M03" < "2026-M04" < "2027-M01").
    for (const Period& period : periods) {
      if (Key(period) <= std::get<0>(*after)) continue;
      // A deadline that cannot be counted yet (its year's days off not loaded) is left unset,
      // as the due lists and roll-ups leave it, rather than failing the whole list.
      auto deadline = DeadlineOf(schedule->deadline, period, calendar);
      v1::Period shown = deadline.ok() ? PeriodMessage(obligation->id(), period, *deadline, as_of)
                                       : PeriodWithoutDeadline(obligation->id(), period, as_of);
      if (!request->states().empty() &&
          std::find(request->states().begin(), request->states().end(), shown.state()) ==
              request->states().end()) {
        continue;
      }
      if (response->periods_size() == pager->size()) {
        response->set_next_page_token(pager->TokenAfter({response->periods().rbegin()->key()}));
        break;
      }
      *response->add_periods() = std::move(shown);
    }
    return absl::OkStatus();
  });
}

}  // namespace thidua::reporting
