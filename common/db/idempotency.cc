#include "common/db/idempotency.h"

#include <sstream>

#include "absl/strings/string_view.h"

namespace thidua::db {

std::optional<std::string> FindReplay(Connection& conn, absl::string_view method,
                                      absl::string_view request_id) {
  auto& find = conn.Prepare(
      "SELECT response FROM idempotency_keys WHERE method = ? AND request_id = ? FOR UPDATE");
  find.setString(1, std::string(method));
  find.setString(2, std::string(request_id));
  std::unique_ptr<sql::ResultSet> rows(find.executeQuery());
  if (!rows->next()) return std::nullopt;
  std::unique_ptr<std::istream> blob(rows->getBlob(1));
  std::ostringstream out;
  out << blob->rdbuf();
  return out.str();
}

void RememberResponse(Connection& conn, absl::string_view method, absl::string_view request_id,
                      const std::string& serialized_response) {
  auto& insert =
      conn.Prepare("INSERT INTO idempotency_keys (method, request_id, response) VALUES (?, ?, ?)");
  insert.setString(1, std::string(method));
  insert.setString(2, std::string(request_id));
  std::istringstream blob(serialized_response);
  insert.setBlob(3, &blob);
  insert.executeUpdate();
}

}  // namespace thidua::db
