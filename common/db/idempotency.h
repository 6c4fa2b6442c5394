#pragma once

#include <cstdint>
#include <string>
#include <thread>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/server/call.h"
#include "google/protobuf/message.h"

namespace thidua::db {

// Retried writes (AIP-155). A write that carries a `request_id` is done at most once per key, and
// a retry gets the first success's response. The key is (caller, method, request id):
//   - the caller is the token's subject together with the organisation it acts for, so one
//     caller's request id never answers another caller with the first one's object;
//   - every part is compared byte for byte (the columns are binary), so "QA-Case" and "qa-case",
//     "é" and "e", "x" and "x " are different keys;
//   - the key is bound to one payload by the SHA-256 of the request's deterministic
//     serialization: the same key with another payload is refused with INVALID_ARGUMENT and the
//     reason REQUEST_ID_REUSED, instead of answering with another request's result.
// Authorization is not part of the key: a handler decides it before it asks for a replay, so a
// replay is authorized like a first call. Keys live in each service's `idempotency_keys` table
// for at least the retention (`--idempotency_retention_days`, 30 by default), then KeyJanitor
// purges them. (A client-chosen id that is an object's permanent identity, as offline reports
// have, is a unique key on the object itself, not one of these.)
class IdempotencyKey {
 public:
  // An empty `request_id` gives no key: the write is simply done.
  IdempotencyKey(const server::Call& call, absl::string_view request_id,
                 const google::protobuf::Message& request);

  bool empty() const { return request_id_.empty(); }

  // True with `response` filled from the key's first success; false when there is none yet;
  // REQUEST_ID_REUSED when the key was used for another payload. A plain read, usable outside the
  // write's transaction to answer a retry before checks the first call's own result would fail.
  absl::StatusOr<bool> Replay(Connection& conn, google::protobuf::Message* response) const;

  // Inside the write's transaction: Replay, or, when there is nothing to replay, claims the key
  // for this transaction (false). Claiming inserts the key's row instead of locking the missing
  // key with SELECT ... FOR UPDATE, which would take an InnoDB gap lock on which concurrent
  // creates with other keys deadlock. The same key sent twice at once: the second insert waits for
  // the first transaction, then fails as a serialization conflict (SQLSTATE 40001), which
  // Pool::Transact retries and which then replays.
  absl::StatusOr<bool> ReplayOrClaim(Connection& conn, google::protobuf::Message* response) const;

  // Stores the response of the key this transaction claimed.
  void Remember(Connection& conn, const google::protobuf::Message& response) const;

 private:
  std::string caller_;
  std::string method_;
  std::string request_id_;
  std::string fingerprint_;  // SHA-256 of the request, in hex
};

// Runs `write` in one transaction at most once per key. A replay fills `response` from the first
// success without running `write`; otherwise `write` fills `response`, which is remembered in the
// same transaction. With an empty key this is Pool::Transact.
absl::Status TransactOnce(Pool& pool, absl::Time deadline, const IdempotencyKey& key,
                          google::protobuf::Message* response,
                          absl::FunctionRef<absl::Status(Connection&)> write);

// The shared write path of a retried write whose checks run before its transaction: calls to a
// peer service (the registry, plans) and reads whose answer the first call itself changed (an
// etag it moved on, a code it took). Call it right after authorization. A retry of a success is
// answered from the key's first answer before `checks` run, so it gets that answer even when a
// peer is down or would now answer otherwise (the unit has ended since, the plan was amended);
// otherwise `checks` run, then `write` through TransactOnce with the same key, which also settles
// a retry racing the first call. REQUEST_ID_REUSED for the key with another payload. With an
// empty key: `checks`, then Pool::Transact.
absl::Status WriteOnce(Pool& pool, absl::Time deadline, const IdempotencyKey& key,
                       google::protobuf::Message* response,
                       absl::FunctionRef<absl::Status()> checks,
                       absl::FunctionRef<absl::Status(Connection&)> write);

// Deletes the keys older than `retention`, a bounded batch per statement; returns how many.
absl::StatusOr<int64_t> PurgeExpiredKeys(Pool& pool, absl::Duration retention);

// Purges expired keys once at start and then every `interval`, on its own thread, until
// destroyed.
class KeyJanitor {
 public:
  KeyJanitor(Pool& pool, absl::Duration retention, absl::Duration interval = absl::Hours(1));
  ~KeyJanitor();
  KeyJanitor(const KeyJanitor&) = delete;
  KeyJanitor& operator=(const KeyJanitor&) = delete;

 private:
  void Loop();

  Pool& pool_;
  const absl::Duration retention_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace thidua::db
