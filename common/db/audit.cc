#include "common/db/audit.h"

#include "absl/strings/string_view.h"

namespace thidua::db {

void Audit(Connection& conn, const server::Call& call, absl::string_view resource,
           const nlohmann::json& details) {
  auto& insert = conn.Prepare(
      "INSERT INTO audit_log (subject, organization_id, method, request_id, resource, details)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  insert.setString(1, call.principal.subject);
  insert.setInt64(2, call.principal.organization_id);
  insert.setString(3, call.method);
  insert.setString(4, call.request_id);
  insert.setString(5, std::string(resource));
  insert.setString(6, details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  insert.executeUpdate();
}

}  // namespace thidua::db
