#pragma once

#include <cstdint>
#include <string_view>

#include "absl/strings/string_view.h"
#include "common/db/pool.h"
#include "common/server/call.h"
#include "nlohmann/json.hpp"

namespace thidua::db {

// Appends one row to the service's append-only `audit_log` inside the write's own transaction, so a
// change and its record commit or vanish together: who (subject, acting organisation), when, which
// method and request, which resource, and what changed.
void Audit(Connection& conn, const server::Call& call, absl::string_view resource,
           const nlohmann::json& details);

}  // namespace thidua::db
