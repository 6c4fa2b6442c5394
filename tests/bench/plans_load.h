#pragma once
// The plans scenarios: the data they need (seeded through the public API, as a province's portal
// would enter it) and the requests they send.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::bench {

// Where the plans live: a 2025 province, its communes, wards and special zones.
struct Province {
  int64_t id = 0;
  std::vector<int64_t> units;
};

// A provincial plan as the seeds write them, at the size of a large one: seven sections of
// printed text, 50 tasks each led by one unit with two coordinating, 10 targets over the
// province's communes, and a cascade requirement.
plans::v1::Plan LargePlan(const Province& province, std::mt19937_64& random);

// Creates and issues `count` plans of `tasks` tasks each, issued by the province's units, on
// `threads` connections; `listed_unit` leads one task of every even plan and coordinates one of
// every odd plan. Returns the seconds taken.
absl::StatusOr<double> SeedAssignedPlans(const std::string& target, const std::string& token,
                                         const Province& province, int64_t listed_unit, int count,
                                         int tasks, int threads);

// Issues a provincial plan requiring every unit of the province to issue its implementing plan
// in December 2025, and the implementing plans of most units: about three in five in December
// (on time), one in four in January 2026 (late); the rest issue none. Returns the plan's id.
absl::StatusOr<int64_t> SeedCascade(const std::string& target, const std::string& token,
                                    const Province& province, int threads);

}  // namespace thidua::bench
