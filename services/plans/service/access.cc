// Authorization, registry checks and population resolution shared by the handlers.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/auth/scope.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "services/plans/domain/plan_lifecycle.h"
#include "services/plans/population/resolve.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"
#include "services/registry/client/scope_checks.h"

namespace thidua::plans {

absl::CivilDay PlansService::Today() const { return TodayInVietnam(clock_); }

absl::StatusOr<bool> PlansService::InScope(const server::Call& call, int64_t organization) {
  return thidua::ActsFor(registry_, call, organization);
}

absl::Status PlansService::AuthorizeFor(const server::Call& call, absl::string_view role,
                                        int64_t organization) {
  if (auto s = auth::RequireRole(call.principal, role); !s.ok()) return s;
  auto in_scope = InScope(call, organization);
  if (!in_scope.ok()) return in_scope.status();
  if (*in_scope) return absl::OkStatus();
  return PermissionDenied();
}

bool PlansService::CallerScope::Contains(int64_t organization) const {
  return everything || std::binary_search(within.begin(), within.end(), organization);
}

absl::StatusOr<PlansService::CallerScope> PlansService::ScopeOf(const server::Call& call) {
  return ScopeOf(call, Today());
}

absl::StatusOr<PlansService::CallerScope> PlansService::ScopeOf(const server::Call& call,
                                                                absl::CivilDay day) {
  CallerScope scope;
  const int64_t acting = call.principal.organization_id;
  if (acting == 0) return scope;  // a token that acts for no unit sees nothing
  auto self = registry_.BatchGet(call, {acting}, day);
  if (!self.ok()) return self.status();
  if (self->found.empty()) return scope;  // not a unit on the day
  if (self->found.front().kind() == registry::v1::NATION) {
    scope.everything = true;
    return scope;
  }
  auto below = registry_.KindsWithin(call, acting, {}, day);
  if (!below.ok()) return below.status();
  scope.within.push_back(acting);
  for (const auto& unit : *below) scope.within.push_back(unit.id());
  std::sort(scope.within.begin(), scope.within.end());
  auto above = registry_.Ancestors(call, acting);
  if (!above.ok()) return above.status();
  scope.above = *std::move(above);
  return scope;
}

absl::Status PlansService::CheckOrganizations(const server::Call& call, std::vector<int64_t> ids) {
  return CheckOrganizationsExist(registry_, call, std::move(ids), Today());
}

absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> PlansService::ValidityOf(
    const server::Call& call, int64_t id) {
  auto lookup = registry_.BatchGet(call, {id}, Today());
  if (!lookup.ok()) return lookup.status();
  if (lookup->found.empty()) return UnknownOrganizations({id});
  const auto& org = lookup->found.front();
  auto from = thidua::FromProto(org.valid_from());
  auto to = thidua::FromProto(org.valid_to());
  return std::pair(from.ok() && from->has_value() ? **from : absl::CivilDay(1, 1, 1),
                   to.ok() && to->has_value() ? **to : absl::CivilDay(9999, 12, 31));
}

absl::StatusOr<std::vector<int64_t>> PlansService::Resolve(const server::Call& call,
                                                           const v1::Population& p,
                                                           absl::CivilDay day) {
  return ResolvePopulation(registry_, call, p, day);
}

absl::StatusOr<store::PlanRow> PlansService::EditablePlanRow(const server::Call& call,
                                                             int64_t plan_id) {
  std::optional<store::PlanRow> row;
  absl::Status status = pool_.Run(call.deadline, [&](db::Connection& conn) {
    row = store::LoadPlanRow(conn, plan_id, false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (auto s = AuthorizeFor(call, kEditorRole, row ? row->issuer : -1); !s.ok()) return s;
  return *row;
}

absl::StatusOr<v1::Plan> PlansService::ReadablePlan(const server::Call& call, int64_t id,
                                                    int version) {
  std::optional<v1::Plan> plan;
  absl::Status status = pool_.Run(call.deadline, [&](db::Connection& conn) {
    plan = store::LoadPlan(conn, id, version);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  const int64_t acting = call.principal.organization_id;
  auto denied = [] { return PermissionDenied(); };
  if (!plan || acting == 0) return denied();  // an unknown id looks like any plan out of scope
  if (acting == plan->issuer_organization_id()) return *plan;
  // Drafts stay within their issuer's scope; assignees see the plan once it is issued.
  if (!PlanAllows(plan->status(), PlanAction::kShowBeyondIssuer)) {
    auto below = InScope(call, plan->issuer_organization_id());
    if (!below.ok()) return below.status();
    if (*below) return *plan;
    return denied();
  }
  for (const auto& task : plan->tasks()) {
    if (task.lead_organization_id() == acting) return *plan;
    for (int64_t c : task.coordinating_organization_ids()) {
      if (c == acting) return *plan;
    }
  }
  // Plans of the units above the caller (the province's plan for a commune) and of the units
  // under it are readable.
  auto below = InScope(call, plan->issuer_organization_id());
  if (!below.ok()) return below.status();
  if (*below) return *plan;
  auto above = registry_.Ancestors(call, acting);
  if (!above.ok()) return above.status();
  if (std::find(above->begin(), above->end(), plan->issuer_organization_id()) != above->end()) {
    return *plan;
  }
  return denied();
}

}  // namespace thidua::plans
