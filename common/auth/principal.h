#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace thidua::auth {

// Who is calling, as the verified token says.
struct Principal {
  std::string subject;             // "sub": the person or system
  int64_t organization_id = 0;     // "org": the registry id of the organisation they act for
  std::vector<std::string> roles;  // "roles": e.g. "registry-admin", "auditor"

  bool HasRole(absl::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
};

}  // namespace thidua::auth
