#pragma once

#include <array>

namespace thidua::testing {

// The full names of the gRPC services thidua serves. The generic tests (declared access, declared
// text, the access matrix) cover each one listed here; a new service adds its line.
inline constexpr std::array<const char*, 3> kServedServices = {
    "thidua.registry.v1.Registry",
    "thidua.plans.v1.Plans",
    "thidua.reporting.v1.Reporting",
};

}  // namespace thidua::testing
