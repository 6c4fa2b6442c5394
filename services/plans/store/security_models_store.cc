// SQL of the security models (mô hình).
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/sql_values.h"

namespace thidua::plans::store {

using Rows = std::unique_ptr<sql::ResultSet>;

namespace {
constexpr char kModelColumns[] =
    "SELECT id, display_name, model_type, owner_organization_id, started, status,"
    " replicated_from_id, notes, row_version, update_time FROM security_models";

v1::SecurityModel ReadModel(sql::ResultSet& rs) {
  v1::SecurityModel m;
  m.set_id(rs.getInt64(1));
  m.set_display_name(rs.getString(2));
  m.set_model_type(rs.getString(3));
  m.set_owner_organization_id(rs.getInt64(4));
  *m.mutable_started() = DateOf(rs, 5);
  m.set_status(static_cast<v1::ModelStatus>(rs.getInt(6)));
  m.set_replicated_from_id(rs.getInt64(7));
  m.set_notes(rs.getString(8));
  m.set_etag(absl::StrCat("\"", rs.getInt64(9), "\""));
  SetTime(rs, 10, m.mutable_update_time());
  return m;
}

void BindModel(sql::PreparedStatement& st, const v1::SecurityModel& m) {
  st.setString(1, m.display_name());
  st.setString(2, m.model_type());
  st.setInt64(3, m.owner_organization_id());
  SetDate(st, 4, m.started());
  st.setInt(5, m.status());
  st.setInt64(6, m.replicated_from_id());
  st.setString(7, m.notes());
}
}  // namespace

void InsertModel(db::Connection& conn, v1::SecurityModel& model) {
  auto& st = conn.Prepare(
      "INSERT INTO security_models (display_name, model_type, owner_organization_id, started,"
      " status, replicated_from_id, notes) VALUES (?, ?, ?, ?, ?, ?, ?)");
  BindModel(st, model);
  st.executeUpdate();
  model = *LoadModel(conn, LastId(conn), false);
}

std::optional<v1::SecurityModel> LoadModel(db::Connection& conn, int64_t id, bool for_update) {
  auto& select = conn.Prepare(std::string(kModelColumns) + " WHERE id = ?" +
                              (for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadModel(*rows);
}

void SaveModel(db::Connection& conn, v1::SecurityModel& model) {
  auto& st = conn.Prepare(
      "UPDATE security_models SET display_name = ?, model_type = ?, owner_organization_id = ?,"
      " started = ?, status = ?, replicated_from_id = ?, notes = ?, row_version = row_version + 1,"
      " update_time = CURRENT_TIMESTAMP(3) WHERE id = ?");
  BindModel(st, model);
  st.setInt64(8, model.id());
  st.executeUpdate();
  model = *LoadModel(conn, model.id(), false);
}

std::vector<v1::SecurityModel> ListModels(db::Connection& conn, const std::vector<int64_t>& owners,
                                          int status, int64_t after_id, int limit) {
  std::vector<v1::SecurityModel> out;
  if (owners.empty()) return out;
  // Owners come from the registry as integers; joined literally they cannot inject anything.
  const std::string sql =
      absl::StrCat(kModelColumns, " WHERE owner_organization_id IN (", absl::StrJoin(owners, ","),
                   ") AND (? = 0 OR status = ?) AND id > ? ORDER BY id LIMIT ?");
  std::unique_ptr<sql::PreparedStatement> select(conn.raw().prepareStatement(sql));
  select->setInt(1, status);
  select->setInt(2, status);
  select->setInt64(3, after_id);
  select->setInt(4, limit);
  Rows rows(select->executeQuery());
  while (rows->next()) out.push_back(ReadModel(*rows));
  return out;
}

}  // namespace thidua::plans::store
