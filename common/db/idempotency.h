#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"

namespace thidua::db {

// Makes retried creates safe: inside the write's transaction, a request id seen before returns the
// serialized response of its first success, and a new one is remembered with its response. The
// lookup locks the key (SELECT ... FOR UPDATE), so two concurrent replays serialize instead of both
// writing. Each service's schema has the table `idempotency_keys`.
std::optional<std::string> FindReplay(Connection& conn, absl::string_view method,
                                      absl::string_view request_id);
void RememberResponse(Connection& conn, absl::string_view method, absl::string_view request_id,
                      const std::string& serialized_response);

}  // namespace thidua::db
