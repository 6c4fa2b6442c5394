#include "services/plans/population/scope_relation.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"

namespace thidua::plans {

namespace rv1 = registry::v1;

bool IsTerritorial(int kind) {
  switch (kind) {
    case rv1::NATION:
    case rv1::PROVINCE:
    case rv1::DISTRICT:
    case rv1::COMMUNE:
    case rv1::WARD:
    case rv1::TOWNSHIP:
    case rv1::SPECIAL_ZONE:
    case rv1::RESIDENTIAL_AREA:
      return true;
    default:
      return false;
  }
}

namespace {

// Whether `unit` is managed by `scope` through agencies only. The walk goes up the managing
// parents that `subtree` holds; a parent outside it (above the scope) or territorial ends it, and
// it takes at most one step per unit, so a malformed chain that loops cannot hang it.
bool ManagedAtLevelOf(int64_t scope, const rv1::Organization& unit,
                      const absl::flat_hash_map<int64_t, const rv1::Organization*>& by_id) {
  int64_t parent = unit.parent_id();
  for (size_t steps = 0; steps <= by_id.size(); ++steps) {
    if (parent == scope) return true;
    const auto found = by_id.find(parent);
    if (found == by_id.end() || IsTerritorial(found->second->kind())) return false;
    parent = found->second->parent_id();
  }
  return false;
}

}  // namespace

std::vector<int64_t> UnitsStandingTo(int64_t scope, v1::ScopeRelation relation,
                                     const std::vector<int32_t>& kinds,
                                     const std::vector<rv1::Organization>& subtree) {
  absl::flat_hash_map<int64_t, const rv1::Organization*> by_id;
  if (relation == v1::MANAGED_AT_LEVEL_OF) {
    by_id.reserve(subtree.size());
    for (const auto& unit : subtree) by_id.emplace(unit.id(), &unit);
  }
  std::vector<int64_t> ids;
  for (const auto& unit : subtree) {
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), unit.kind()) == kinds.end()) {
      continue;
    }
    bool standing = false;
    switch (relation) {
      case v1::LYING_WITHIN:
        standing = true;
        break;
      case v1::MANAGED_DIRECTLY_BY:
        standing = unit.parent_id() == scope;
        break;
      case v1::MANAGED_AT_LEVEL_OF:
        standing = ManagedAtLevelOf(scope, unit, by_id);
        break;
      default:
        break;
    }
    if (standing) ids.push_back(unit.id());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace thidua::plans
