// SQL of the catalogue of standards and titles (tiêu chuẩn, danh hiệu).
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/text.h"
#include "services/plans/domain/standard.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/sql_values.h"

namespace thidua::plans::store {

using Rows = std::unique_ptr<sql::ResultSet>;

namespace {
constexpr char kStandardColumns[] =
    "SELECT id, movement_id, code, display_name, recipients, legal_source, legal_article,"
    " row_version, create_time, update_time FROM standards";

v1::Standard ReadStandard(sql::ResultSet& rs) {
  v1::Standard s;
  s.set_id(rs.getInt64(1));
  s.set_movement_id(rs.getInt64(2));
  s.set_code(rs.getString(3));
  s.set_display_name(rs.getString(4));
  for (v1::Recipient r : RecipientsOf(rs.getInt(5))) s.add_recipients(r);
  s.set_legal_source(rs.getString(6));
  s.set_legal_article(rs.getString(7));
  s.set_etag(absl::StrCat("\"", rs.getInt64(8), "\""));
  SetTime(rs, 9, s.mutable_create_time());
  SetTime(rs, 10, s.mutable_update_time());
  return s;
}
// Binds the fields an update may change, from `first` on: display name (and its identity key),
// recipients, legal source and article.
int BindChangeable(sql::PreparedStatement& st, int first, const v1::Standard& standard) {
  st.setString(first, standard.display_name());
  st.setString(first + 1, text::IdentityDigest(standard.display_name()));
  st.setInt(first + 2, RecipientBits(standard.recipients()));
  st.setString(first + 3, standard.legal_source());
  st.setString(first + 4, standard.legal_article());
  return first + 5;
}

}  // namespace

void InsertStandard(db::Connection& conn, v1::Standard& standard) {
  auto& st = conn.Prepare(
      "INSERT INTO standards (movement_id, code, display_name, name_key, recipients, legal_source,"
      " legal_article) VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.setInt64(1, standard.movement_id());
  st.setString(2, standard.code());
  BindChangeable(st, 3, standard);
  st.executeUpdate();
  standard = *LoadStandard(conn, LastId(conn), false);
}

std::optional<v1::Standard> LoadStandard(db::Connection& conn, int64_t id, bool for_update) {
  auto& select = conn.Prepare(std::string(kStandardColumns) + " WHERE id = ?" +
                              (for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadStandard(*rows);
}

void SaveStandard(db::Connection& conn, v1::Standard& standard) {
  auto& st = conn.Prepare(
      "UPDATE standards SET display_name = ?, name_key = ?, recipients = ?, legal_source = ?,"
      " legal_article = ?, row_version = row_version + 1, update_time = CURRENT_TIMESTAMP(3)"
      " WHERE id = ?");
  st.setInt64(BindChangeable(st, 1, standard), standard.id());
  st.executeUpdate();
  standard = *LoadStandard(conn, standard.id(), false);
}

std::vector<v1::Standard> ListStandards(db::Connection& conn, int64_t movement_id, int64_t after_id,
                                        int limit) {
  auto& select = conn.Prepare(std::string(kStandardColumns) +
                              " WHERE movement_id = ? AND id > ? ORDER BY id LIMIT ?");
  select.setInt64(1, movement_id);
  select.setInt64(2, after_id);
  select.setInt(3, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Standard> out;
  while (rows->next()) out.push_back(ReadStandard(*rows));
  return out;
}

bool StandardNameTaken(db::Connection& conn, int64_t movement_id, const std::string& name,
                       int64_t except_id) {
  auto& select =
      conn.Prepare("SELECT 1 FROM standards WHERE movement_id = ? AND name_key = ? AND id <> ?");
  select.setInt64(1, movement_id);
  select.setString(2, text::IdentityDigest(name));
  select.setInt64(3, except_id);
  Rows rows(select.executeQuery());
  return rows->next();
}

bool StandardCodeTaken(db::Connection& conn, int64_t movement_id, const std::string& code) {
  auto& select = conn.Prepare("SELECT 1 FROM standards WHERE movement_id = ? AND code = ?");
  select.setInt64(1, movement_id);
  select.setString(2, code);
  Rows rows(select.executeQuery());
  return rows->next();
}

absl::Status KeyStandardNames(db::Pool& pool) {
  // Two backfilled entries of one movement that are one name by identity keep the first its key.
  return KeyByIdentity(pool, "standards", "display_name", "name_key");
}

}  // namespace thidua::plans::store
