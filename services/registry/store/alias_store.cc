#include "services/registry/store/alias_store.h"

#include <cppconn/resultset.h>

#include <memory>

#include "absl/container/flat_hash_map.h"
#include "common/text.h"

namespace thidua::registry::store {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

constexpr char kAliasColumns[] =
    "SELECT organization_id, alias_text, search_text, kind, source FROM organization_aliases";

Alias ReadAlias(sql::ResultSet& rs) {
  return {rs.getString(2), rs.getString(3), static_cast<v1::AliasKind>(rs.getInt(4)),
          rs.getString(5)};
}

}  // namespace

std::vector<Alias> LoadAliases(db::Connection& conn, int64_t organization_id) {
  auto& select =
      conn.Prepare(std::string(kAliasColumns) + " WHERE organization_id = ? ORDER BY id");
  select.setInt64(1, organization_id);
  Rows rows(select.executeQuery());
  std::vector<Alias> out;
  while (rows->next()) out.push_back(ReadAlias(*rows));
  return out;
}

void LoadAllAliases(db::Connection& conn, std::vector<Organization>& organizations) {
  absl::flat_hash_map<int64_t, Organization*> by_id;
  for (Organization& org : organizations) by_id[org.id] = &org;
  Rows rows(conn.Prepare(std::string(kAliasColumns) + " ORDER BY id").executeQuery());
  while (rows->next()) {
    if (auto it = by_id.find(rows->getInt64(1)); it != by_id.end()) {
      it->second->aliases.push_back(ReadAlias(*rows));
    }
  }
}

void InsertAlias(db::Connection& conn, int64_t organization_id, const Alias& alias) {
  auto& insert = conn.Prepare(
      "INSERT INTO organization_aliases (organization_id, text_key, alias_text, search_text, kind,"
      " source) VALUES (?, ?, ?, ?, ?, ?)");
  insert.setInt64(1, organization_id);
  insert.setString(2, text::IdentityDigest(alias.text));
  insert.setString(3, alias.text);
  // The folded copy may be longer than the text (compatibility forms expand); cut to the column.
  insert.setString(4, std::string(text::TruncateToCodePoints(alias.search_text, 500)));
  insert.setInt(5, alias.kind);
  insert.setString(6, alias.source);
  insert.executeUpdate();
}

bool DeleteAlias(db::Connection& conn, int64_t organization_id, const std::string& text_key) {
  auto& del =
      conn.Prepare("DELETE FROM organization_aliases WHERE organization_id = ? AND text_key = ?");
  del.setInt64(1, organization_id);
  del.setString(2, text_key);
  return del.executeUpdate() > 0;
}

void TouchOrganization(db::Connection& conn, Organization& org) {
  auto& update = conn.Prepare(
      "UPDATE organizations SET version = version + 1, update_time = CURRENT_TIMESTAMP(3)"
      " WHERE id = ?");
  update.setInt64(1, org.id);
  update.executeUpdate();
  ++org.version;
  org.update_time = absl::Now();
}

}  // namespace thidua::registry::store
