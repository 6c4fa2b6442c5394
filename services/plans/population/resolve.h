#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/server/call.h"
#include "services/registry/client/registry_client.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::plans {

// The units of a population (thidua.plans.v1.Population) on `day`, sorted, each once: the units
// it names; the units of its kinds standing to its scope as its relation says (UnitsStandingTo),
// among those the registry lists in the scope's subtree on `day`; or the members of its group on
// `day`. Asked of the registry with the caller's token; UNAVAILABLE when it cannot answer. Shared
// by plans (cascades, targets) and reporting (who owes a report of a period).
absl::StatusOr<std::vector<int64_t>> ResolvePopulation(RegistryClient& registry,
                                                       const server::Call& call,
                                                       const v1::Population& population,
                                                       absl::CivilDay day);

}  // namespace thidua::plans
