#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "common/db/pool.h"

namespace thidua::db {

// Makes retried creates safe. Each service's schema has the table `idempotency_keys`, one row per
// (method, request id) holding the serialized response of the request's first success.

// The response of the request's first success, if any. A plain read, usable outside the write's
// transaction to answer a retry before checks that its own first result would fail.
std::optional<std::string> FindReplay(Connection& conn, absl::string_view method,
                                      absl::string_view request_id);

// Inside the write's transaction: the first success's response, or nullopt once the request id is
// claimed for this transaction by inserting its row (RememberResponse fills it in before commit).
// Inserting first, rather than locking the missing key with SELECT ... FOR UPDATE, takes no gap
// lock, so concurrent creates with different request ids never deadlock on the index. The same
// request id sent twice at once: the second insert waits for the first transaction, then fails as
// a serialization conflict (SQLSTATE 40001), which Pool::Transact retries and which then replays.
std::optional<std::string> ReplayOrClaim(Connection& conn, absl::string_view method,
                                         absl::string_view request_id);

// Stores the response of the request claimed by ReplayOrClaim in this transaction.
void RememberResponse(Connection& conn, absl::string_view method, absl::string_view request_id,
                      const std::string& serialized_response);

}  // namespace thidua::db
