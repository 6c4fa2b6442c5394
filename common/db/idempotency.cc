#include "common/db/idempotency.h"

#include <sstream>

namespace thidua::db {
namespace {

constexpr int kDuplicateKey = 1062;
constexpr int kDeadlock = 1213;

}  // namespace

std::optional<std::string> FindReplay(Connection& conn, absl::string_view method,
                                      absl::string_view request_id) {
  auto& find =
      conn.Prepare("SELECT response FROM idempotency_keys WHERE method = ? AND request_id = ?");
  find.setString(1, std::string(method));
  find.setString(2, std::string(request_id));
  std::unique_ptr<sql::ResultSet> rows(find.executeQuery());
  if (!rows->next()) return std::nullopt;
  std::unique_ptr<std::istream> blob(rows->getBlob(1));
  std::ostringstream out;
  out << blob->rdbuf();
  return out.str();
}

std::optional<std::string> ReplayOrClaim(Connection& conn, absl::string_view method,
                                         absl::string_view request_id) {
  if (auto replay = FindReplay(conn, method, request_id)) return replay;
  auto& claim =
      conn.Prepare("INSERT INTO idempotency_keys (method, request_id, response) VALUES (?, ?, '')");
  claim.setString(1, std::string(method));
  claim.setString(2, std::string(request_id));
  try {
    claim.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
    // Another transaction committed the same request id after this one's snapshot was taken:
    // only a fresh transaction can read its response.
    throw sql::SQLException("request id claimed by a concurrent transaction", "40001", kDeadlock);
  }
  return std::nullopt;
}

void RememberResponse(Connection& conn, absl::string_view method, absl::string_view request_id,
                      const std::string& serialized_response) {
  auto& update =
      conn.Prepare("UPDATE idempotency_keys SET response = ? WHERE method = ? AND request_id = ?");
  std::istringstream blob(serialized_response);
  update.setBlob(1, &blob);
  update.setString(2, std::string(method));
  update.setString(3, std::string(request_id));
  update.executeUpdate();
}

}  // namespace thidua::db
