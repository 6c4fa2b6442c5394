// Questions over populations of units: cascade compliance, target populations, registrations.
#include <map>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/happened.h"
#include "common/text.h"
#include "services/plans/service/plan_input.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"

namespace thidua::plans {

grpc::Status PlansService::GetCascadeCompliance(Ctx* ctx,
                                                const v1::GetCascadeComplianceRequest* request,
                                                v1::CascadeCompliance* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto as_of_in = thidua::FromProto(request->as_of());
    if (!as_of_in.ok())
      return InvalidArgument({{"as_of", "is not a valid date", "không phải ngày hợp lệ"}});
    const absl::CivilDay as_of = as_of_in->value_or(Today());
    auto plan = ReadablePlan(call, request->plan_id(), 0);
    if (!plan.ok()) return plan.status();
    if (plan->document_id() == 0) {
      return Error(absl::StatusCode::kFailedPrecondition, "PLAN_NOT_ISSUED",
                   "Only an issued plan can be implemented",
                   "Chỉ kế hoạch đã ban hành mới được triển khai");
    }
    if (plan->cascade_size() == 0) {
      return Error(absl::StatusCode::kFailedPrecondition, "NO_CASCADE",
                   "This plan requires no implementing plans",
                   "Kế hoạch này không yêu cầu đơn vị xây dựng kế hoạch triển khai");
    }
    std::vector<store::Implementation> implementations;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      implementations = store::ImplementationsOf(conn, plan->document_id());
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    // The first implementing plan of each unit counts.
    std::map<int64_t, const store::Implementation*> first;
    for (const auto& impl : implementations) first.emplace(impl.issuer, &impl);

    // The issuer, and the units above it, follow every unit it required; any other reader of the
    // plan (a unit it requires, say) sees only the units it acts for itself, as ListPlans and
    // GetPlan show it only their plans.
    auto follows_all = InScope(call, plan->issuer_organization_id());
    if (!follows_all.ok()) return follows_all.status();
    std::optional<CallerScope> own;
    if (!*follows_all) {
      auto scope = ScopeOf(call);
      if (!scope.ok()) return scope.status();
      own = *std::move(scope);
    }
    response->set_plan_id(plan->id());
    *response->mutable_as_of() = ToProto(as_of);
    std::map<int64_t, v1::UnitCompliance*> seen;
    // Who was required is decided on the deadline once it has passed: a district dissolved
    // since still owed its plan by then. Names are given as of the day each unit was required.
    std::map<absl::CivilDay, std::vector<int64_t>> required_on_day;
    for (const auto& requirement : plan->cascade()) {
      const DueRule rule = FromProto(requirement.due());
      const std::optional<absl::CivilDay> deadline = rule.DeadlineFor(as_of);
      const absl::CivilDay required_on = deadline && *deadline < as_of ? *deadline : as_of;
      auto units = Resolve(call, requirement.population(), required_on);
      if (!units.ok()) return units.status();
      if (deadline && !response->has_deadline()) *response->mutable_deadline() = ToProto(*deadline);
      for (int64_t unit : *units) {
        if (seen.count(unit) || (own && !own->Contains(unit))) continue;
        auto* entry = response->add_units();
        seen[unit] = entry;
        required_on_day[required_on].push_back(unit);
        entry->set_organization_id(unit);
        auto impl = first.find(unit);
        std::optional<absl::CivilDay> issued;
        if (impl != first.end()) issued = ParseIso(impl->second->issue_date);
        if (issued && *issued <= as_of) {
          entry->set_implementing_plan_id(impl->second->plan_id);
          *entry->mutable_issued() = ToProto(*issued);
          entry->set_state(!deadline || *issued <= *deadline ? v1::ON_TIME : v1::LATE);
        } else {
          entry->set_state(deadline && as_of > *deadline ? v1::MISSING : v1::PENDING);
        }
      }
    }
    for (const auto& [day, ids] : required_on_day) {
      auto names = registry_.BatchGet(call, ids, day);
      if (!names.ok()) return names.status();
      for (const auto& org : names->found) {
        if (auto it = seen.find(org.id()); it != seen.end())
          it->second->set_organization_name(org.display_name());
      }
    }
    for (const auto& u : response->units()) {
      switch (u.state()) {
        case v1::ON_TIME:
          response->set_on_time(response->on_time() + 1);
          break;
        case v1::LATE:
          response->set_late(response->late() + 1);
          break;
        case v1::MISSING:
          response->set_missing(response->missing() + 1);
          break;
        default:
          response->set_pending(response->pending() + 1);
      }
    }
    response->set_required(response->units_size());
    return absl::OkStatus();
  });
}

grpc::Status PlansService::GetTargetPopulation(Ctx* ctx,
                                               const v1::GetTargetPopulationRequest* request,
                                               v1::TargetPopulation* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto as_of_in = thidua::FromProto(request->as_of());
    if (!as_of_in.ok())
      return InvalidArgument({{"as_of", "is not a valid date", "không phải ngày hợp lệ"}});
    const absl::CivilDay as_of = as_of_in->value_or(Today());
    auto plan = ReadablePlan(call, request->plan_id(), 0);
    if (!plan.ok()) return plan.status();
    for (const auto& target : plan->targets()) {
      if (target.id() != request->target_id()) continue;
      auto units = Resolve(call, target.population(), as_of);
      if (!units.ok()) return units.status();
      response->set_size(static_cast<int32_t>(units->size()));
      response->mutable_organization_ids()->Add(units->begin(), units->end());
      *response->mutable_as_of() = ToProto(as_of);
      return absl::OkStatus();
    }
    return NotFound(absl::StrCat("Target ", request->target_id(), " of plan ", request->plan_id()),
                    "chỉ tiêu của kế hoạch");
  });
}

grpc::Status PlansService::CreateRegistration(Ctx* ctx,
                                              const v1::CreateRegistrationRequest* request,
                                              v1::Registration* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Registration reg = request->registration();
    Violations v;
    if (reg.organization_id() <= 0)
      v.Add("registration.organization_id", "is required", "là bắt buộc");
    if (reg.year() < 2000 || reg.year() > 2100)
      v.Add("registration.year", "must be a year", "phải là một năm");
    if (reg.standard_id() <= 0) v.Add("registration.standard_id", "is required", "là bắt buộc");
    reg.clear_title();  // output only: the standard's name
    auto on = thidua::FromProto(reg.registered_on());
    if (!on.ok())
      v.Add("registration.registered_on", "is not a valid date", "không phải ngày hợp lệ");
    if (on.ok() && on->has_value()) CheckHappened(**on, Today(), "registration.registered_on", v);
    if (!v.empty()) return v.ToStatus();
    const absl::CivilDay registered_on = on->has_value() ? **on : Today();
    *reg.mutable_registered_on() = ToProto(registered_on);
    auto in_scope = InScope(call, reg.organization_id());
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) return PermissionDenied();
    // Checked with the registry and the stored plan and standard after a retry got its first answer
    // (db::WriteOnce).
    auto checks = [&]() -> absl::Status {
      // A registration may cite only a plan the caller can read.
      int64_t plan_movement = 0;
      if (reg.plan_id() != 0) {
        auto plan = ReadablePlan(call, reg.plan_id(), 0);
        if (!plan.ok()) return plan.status();
        plan_movement = plan->movement_id();
      }
      // The entry registered for: named by id, so every spelling of its name is the one entry.
      std::optional<v1::Standard> standard;
      absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
        standard = store::LoadStandard(conn, reg.standard_id(), false);
        return absl::OkStatus();
      });
      if (!loaded.ok()) return loaded;
      if (!standard) {
        return NotFound(absl::StrCat("Standard ", reg.standard_id()), "tiêu chuẩn, danh hiệu");
      }
      if (plan_movement != 0 && standard->movement_id() != plan_movement) {
        v.Add("registration.standard_id", "is not a standard of the cited plan's movement",
              "không thuộc phong trào của kế hoạch được dẫn");
      }
      if (std::find(standard->recipients().begin(), standard->recipients().end(), v1::COLLECTIVE) ==
          standard->recipients().end()) {
        v.Add("registration.standard_id", "is not given to collectives, and units register",
              "không dành cho tập thể, mà đơn vị đăng ký là tập thể");
      }
      reg.set_title(standard->display_name());
      // A unit registers while it exists, for a year it exists in: a unit dissolved on 1/6/2026
      // cannot register for 2027.
      auto validity = ValidityOf(call, reg.organization_id());
      if (!validity.ok()) return validity.status();
      const auto [valid_from, valid_to] = *validity;
      if (registered_on < valid_from || registered_on > valid_to) {
        v.Add("registration.registered_on", "the unit did not exist on that day",
              "đơn vị không tồn tại vào ngày đó");
      }
      if (absl::CivilDay(reg.year(), 12, 31) < valid_from ||
          absl::CivilDay(reg.year(), 1, 1) > valid_to) {
        v.Add("registration.year", "the unit does not exist in that year",
              "đơn vị không tồn tại trong năm đó");
      }
      if (!v.empty()) return v.ToStatus();
      return absl::OkStatus();
    };
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          // A concurrent twin meets the unique key instead, also ALREADY_EXISTS.
          if (store::IsRegistered(conn, reg.organization_id(), reg.year(), reg.standard_id())) {
            return Error(absl::StatusCode::kAlreadyExists, "ALREADY_REGISTERED",
                         "The unit has already registered for this standard this year",
                         "Đơn vị đã đăng ký tiêu chuẩn, danh hiệu này trong năm");
          }
          store::InsertRegistration(conn, reg);
          *response = reg;
          db::Audit(conn, call, absl::StrCat("registrations/", reg.id()),
                    {{"standard", absl::StrCat(reg.standard_id())}});
          return absl::OkStatus();
        });
  });
}

grpc::Status PlansService::ListRegistrations(Ctx* ctx, const v1::ListRegistrationsRequest* request,
                                             v1::ListRegistrationsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto pager = server::Pager::Read(*request, 100, 1000);
    if (!pager.ok()) return pager.status();
    // By (year, unit, id); the first page starts before every row (ids start at 1).
    auto after = pager->StartAs(std::tuple<int64_t, int64_t, int64_t>{0, 0, 0});
    if (!after.ok()) return after.status();
    const int64_t after_year = std::get<0>(*after);
    const int64_t after_unit = std::get<1>(*after);
    const int64_t after_id = std::get<2>(*after);
    auto scope = ScopeOf(call);
    if (!scope.ok()) return scope.status();
    if (request->organization_id() != 0 && !scope->Contains(request->organization_id())) {
      return PermissionDenied();
    }
    // Only the registrations of units in the caller's scope, filtered in the query.
    std::optional<std::vector<int64_t>> units;
    if (!scope->everything) units = scope->within;
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto registrations = store::ListRegistrations(
          conn, *request, units, {after_year, after_unit, after_id}, pager->size() + 1);
      if (static_cast<int>(registrations.size()) > pager->size()) {
        registrations.resize(pager->size());
        const v1::Registration& last = registrations.back();
        response->set_next_page_token(
            pager->TokenAfter({int64_t{last.year()}, last.organization_id(), last.id()}));
      }
      for (auto& r : registrations) *response->add_registrations() = std::move(r);
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::GetRegistrationRate(Ctx* ctx,
                                               const v1::GetRegistrationRateRequest* request,
                                               v1::RegistrationRate* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    ValidatePopulation(request->population(), "population", v);
    auto as_of_in = thidua::FromProto(request->as_of());
    if (!as_of_in.ok()) v.Add("as_of", "is not a valid date", "không phải ngày hợp lệ");
    if (request->standard_id() <= 0) v.Add("standard_id", "is required", "là bắt buộc");
    if (!v.empty()) return v.ToStatus();
    const absl::CivilDay as_of = as_of_in->value_or(Today());
    // The rate names who has not registered: only about units the caller acts for on the date,
    // every unit of the population checked below. Kinds within a scope outside it (an unknown
    // id alike) are refused before they are resolved, whatever units they would hold.
    auto scope = ScopeOf(call, as_of);
    if (!scope.ok()) return scope.status();
    const v1::Population& population = request->population();
    if (population.has_kinds() && !scope->Contains(population.kinds().scope_organization_id())) {
      return PermissionDenied();
    }
    auto units = Resolve(call, population, as_of);
    if (!units.ok()) return units.status();
    for (int64_t unit : *units) {
      if (!scope->Contains(unit)) return PermissionDenied();
    }
    std::vector<int64_t> registered;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      if (!store::LoadStandard(conn, request->standard_id(), false)) {
        return NotFound(absl::StrCat("Standard ", request->standard_id()), "tiêu chuẩn, danh hiệu");
      }
      registered = store::RegisteredUnits(conn, request->year(), request->standard_id());
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    std::sort(registered.begin(), registered.end());
    int count = 0;
    for (int64_t unit : *units) {
      if (std::binary_search(registered.begin(), registered.end(), unit)) {
        ++count;
      } else {
        response->add_missing_organization_ids(unit);
      }
    }
    response->set_population(static_cast<int32_t>(units->size()));
    response->set_registered(count);
    response->set_percent(units->empty() ? 0 : 100.0 * count / units->size());
    return absl::OkStatus();
  });
}

}  // namespace thidua::plans
