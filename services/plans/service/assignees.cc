// Who a plan may give tasks to: its issuer and the units lying within it. A province's plan cannot
// put work on another province's units, whose own plans do that.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "services/plans/service/plans_service.h"

namespace thidua::plans {

absl::Status PlansService::CheckAssignees(const server::Call& call, int64_t issuer,
                                          const v1::Plan& plan) {
  if (plan.tasks_size() == 0) return absl::OkStatus();
  auto self = registry_.BatchGet(call, {issuer}, Today());
  if (!self.ok()) return self.status();
  if (self->found.empty()) return absl::OkStatus();  // CheckOrganizations names unknown ids
  const auto& unit = self->found.front();
  if (unit.kind() == registry::v1::NATION) return absl::OkStatus();
  // Today, or the issuer's last day when it has ended: a plan of a province merged in 2025 is
  // entered with the agencies that province had then.
  absl::CivilDay day = Today();
  if (auto end = thidua::FromProto(unit.valid_to()); end.ok() && end->has_value()) {
    day = std::min(day, **end);
  }
  auto below = registry_.KindsWithin(call, issuer, {}, day);
  if (!below.ok()) return below.status();
  std::vector<int64_t> within = {issuer};
  for (const auto& unit : *below) within.push_back(unit.id());
  std::sort(within.begin(), within.end());
  const auto assignable = [&](int64_t id) {
    return std::binary_search(within.begin(), within.end(), id);
  };
  Violations v;
  const auto check = [&](int64_t id, const std::string& field) {
    if (id > 0 && !assignable(id)) {
      v.Add(field, absl::StrCat("unit ", id, " does not lie within the issuer"),
            absl::StrCat("đơn vị ", id, " không thuộc phạm vi của cơ quan ban hành"));
    }
  };
  for (int i = 0; i < plan.tasks_size(); ++i) {
    const v1::Task& task = plan.tasks(i);
    const std::string f = absl::StrCat("plan.tasks[", i, "]");
    check(task.lead_organization_id(), f + ".lead_organization_id");
    for (int k = 0; k < task.coordinating_organization_ids_size(); ++k) {
      check(task.coordinating_organization_ids(k),
            absl::StrCat(f, ".coordinating_organization_ids[", k, "]"));
    }
  }
  return v.ToStatus();
}

}  // namespace thidua::plans
