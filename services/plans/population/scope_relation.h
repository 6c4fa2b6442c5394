#pragma once

#include <cstdint>
#include <vector>

#include "thidua/plans/v1/plans.pb.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::plans {

// An administrative unit: a territory with its own government (the nation, a province, a district,
// a commune, ward, township or special zone), or a residential area within a commune. Everything
// else (committees and their offices, departments, boards, divisions, the police, enterprises,
// schools...) is an agency or unit that some government manages.
bool IsTerritorial(int kind);

// The units of `subtree` (the scope's subtree on a day, as the registry lists it: each unit with
// its managing parent on that day) of one of `kinds` (every kind when empty) that stand to `scope`
// as `relation` says, sorted by id:
//  - LYING_WITHIN: all of them;
//  - MANAGED_DIRECTLY_BY: those whose parent is the scope;
//  - MANAGED_AT_LEVEL_OF: those managed by the scope or, through a chain of agencies (units that
//    are not territorial), by one of its agencies: a high school of the provincial Department of
//    Education is managed at provincial level, a school of a commune's People's Committee is not.
//    The chain is read from `subtree`, which must then hold every kind, not only `kinds`.
std::vector<int64_t> UnitsStandingTo(int64_t scope, v1::ScopeRelation relation,
                                     const std::vector<int32_t>& kinds,
                                     const std::vector<registry::v1::Organization>& subtree);

}  // namespace thidua::plans
