#include "common/db/idempotency.h"

#include <openssl/sha.h>

#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/db/bytes.h"
#include "common/errors.h"
#include "common/log.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace thidua::db {
namespace {

constexpr int kDuplicateKey = 1062;
constexpr int kDeadlock = 1213;
constexpr int kPurgeBatch = 1000;

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return absl::BytesToHexString(digest);
}

absl::Status Reused() {
  return Error(
      absl::StatusCode::kInvalidArgument, "REQUEST_ID_REUSED",
      "This request_id was already used for a different request; use a new request_id "
      "for a new request",
      "request_id này đã được dùng cho một yêu cầu khác; hãy dùng request_id mới cho yêu "
      "cầu mới",
      {{"request_id", "already used for a different request", "đã dùng cho yêu cầu khác"}});
}

void BindKey(sql::PreparedStatement& statement, int first, const std::string& caller,
             const std::string& method, const std::string& request_id) {
  statement.setString(first, caller);
  statement.setString(first + 1, method);
  statement.setString(first + 2, request_id);
}

}  // namespace

IdempotencyKey::IdempotencyKey(const server::Call& call, absl::string_view request_id,
                               const google::protobuf::Message& request)
    : request_id_(request_id) {
  if (request_id_.empty()) return;
  caller_ = absl::StrCat(call.principal.organization_id, "/", call.principal.subject);
  method_ = call.method;
  fingerprint_ = Fingerprint(request);
}

absl::StatusOr<bool> IdempotencyKey::Replay(Connection& conn,
                                            google::protobuf::Message* response) const {
  auto& find = conn.Prepare(
      "SELECT fingerprint, response FROM idempotency_keys"
      " WHERE caller = ? AND method = ? AND request_id = ?");
  BindKey(find, 1, caller_, method_, request_id_);
  std::unique_ptr<sql::ResultSet> rows(find.executeQuery());
  if (!rows->next()) return false;
  if (std::string(rows->getString(1)) != fingerprint_) return Reused();
  if (!response->ParseFromString(Bytes(*rows, 2))) {
    return absl::InternalError("a remembered response does not parse");
  }
  return true;
}

absl::StatusOr<bool> IdempotencyKey::ReplayOrClaim(Connection& conn,
                                                   google::protobuf::Message* response) const {
  auto replayed = Replay(conn, response);
  if (!replayed.ok() || *replayed) return replayed;
  auto& claim = conn.Prepare(
      "INSERT INTO idempotency_keys (caller, method, request_id, fingerprint, response)"
      " VALUES (?, ?, ?, ?, '')");
  BindKey(claim, 1, caller_, method_, request_id_);
  claim.setString(4, fingerprint_);
  try {
    claim.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    // Another transaction committed the same key after this one's snapshot was taken: only a
    // fresh transaction can read its response.
    throw sql::SQLException("request id claimed by a concurrent transaction", "40001", kDeadlock);
  }
  return false;
}

void IdempotencyKey::Remember(Connection& conn, const google::protobuf::Message& response) const {
  auto& update = conn.Prepare(
      "UPDATE idempotency_keys SET response = ? WHERE caller = ? AND method = ? AND request_id = "
      "?");
  std::istringstream blob(response.SerializeAsString());
  update.setBlob(1, &blob);
  BindKey(update, 2, caller_, method_, request_id_);
  update.executeUpdate();
}

absl::Status TransactOnce(Pool& pool, absl::Time deadline, const IdempotencyKey& key,
                          google::protobuf::Message* response,
                          absl::FunctionRef<absl::Status(Connection&)> write) {
  return pool.Transact(deadline, [&](Connection& conn) -> absl::Status {
    if (!key.empty()) {
      auto replayed = key.ReplayOrClaim(conn, response);
      if (!replayed.ok()) return replayed.status();
      if (*replayed) return absl::OkStatus();
    }
    absl::Status status = write(conn);
    if (status.ok() && !key.empty()) key.Remember(conn, *response);
    return status;
  });
}

absl::Status WriteOnce(Pool& pool, absl::Time deadline, const IdempotencyKey& key,
                       google::protobuf::Message* response,
                       absl::FunctionRef<absl::Status()> checks,
                       absl::FunctionRef<absl::Status(Connection&)> write) {
  if (!key.empty()) {
    absl::StatusOr<bool> replayed = false;
    absl::Status read = pool.Run(deadline, [&](Connection& conn) {
      replayed = key.Replay(conn, response);
      return absl::OkStatus();
    });
    if (!read.ok()) return read;
    if (!replayed.ok()) return replayed.status();
    if (*replayed) return absl::OkStatus();
  }
  if (absl::Status checked = checks(); !checked.ok()) return checked;
  return TransactOnce(pool, deadline, key, response, write);
}

absl::StatusOr<int64_t> PurgeExpiredKeys(Pool& pool, absl::Duration retention) {
  int64_t purged = 0;
  const int64_t cutoff_seconds = absl::ToInt64Seconds(retention);
  absl::Status status = pool.Run(absl::Now() + absl::Minutes(5), [&](Connection& conn) {
    auto& purge = conn.Prepare(absl::StrCat(
        "DELETE FROM idempotency_keys WHERE create_time < NOW(3) - INTERVAL ? SECOND LIMIT ",
        kPurgeBatch));
    purge.setInt64(1, cutoff_seconds);
    // Small batches keep each statement's locks short while writes go on.
    for (int deleted = kPurgeBatch; deleted == kPurgeBatch;) {
      deleted = purge.executeUpdate();
      purged += deleted;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return purged;
}

KeyJanitor::KeyJanitor(Pool& pool, absl::Duration retention, absl::Duration interval)
    : pool_(pool), retention_(retention), interval_(interval), thread_([this] { Loop(); }) {}

KeyJanitor::~KeyJanitor() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;  // wakes the loop's wait, whose condition is checked on release
  }
  thread_.join();
}

void KeyJanitor::Loop() {
  while (true) {
    auto purged = PurgeExpiredKeys(pool_, retention_);
    if (!purged.ok()) {
      log::Error("purging expired idempotency keys failed",
                 {{"error", std::string(purged.status().message())}});
    } else if (*purged > 0) {
      log::Info("expired idempotency keys purged", {{"keys", *purged}});
    }
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
    if (stopping_) return;
  }
}

}  // namespace thidua::db
