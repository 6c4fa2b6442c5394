#include "services/plans/population/resolve.h"

#include <algorithm>

#include "services/plans/population/scope_relation.h"

namespace thidua::plans {

absl::StatusOr<std::vector<int64_t>> ResolvePopulation(RegistryClient& registry,
                                                       const server::Call& call,
                                                       const v1::Population& p,
                                                       absl::CivilDay day) {
  std::vector<int64_t> ids;
  if (p.has_units()) {
    ids.assign(p.units().organization_ids().begin(), p.units().organization_ids().end());
  } else if (p.has_kinds()) {
    const std::vector<int32_t> kinds(p.kinds().kinds().begin(), p.kinds().kinds().end());
    const int64_t scope = p.kinds().scope_organization_id();
    const v1::ScopeRelation relation = p.kinds().relation();
    // The registry lists only units valid on `day`, each with its managing parent on that day; it
    // has no listing by parent, so the relations are read from the subtree (reused from the
    // client's cache). Managed at the scope's level needs the agencies between a unit and the
    // scope, whatever their kind: the whole subtree.
    auto orgs = registry.KindsWithin(
        call, scope, relation == v1::MANAGED_AT_LEVEL_OF ? std::vector<int32_t>{} : kinds, day);
    if (!orgs.ok()) return orgs.status();
    ids = UnitsStandingTo(scope, relation, kinds, *orgs);
  } else if (p.group_id() != 0) {
    auto orgs = registry.GroupMembers(call, p.group_id(), day);
    if (!orgs.ok()) return orgs.status();
    for (const auto& o : *orgs) ids.push_back(o.id());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace thidua::plans
