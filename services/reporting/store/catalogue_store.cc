#include "services/reporting/store/catalogue_store.h"

#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/bytes.h"
#include "common/db/sql_values.h"

namespace thidua::reporting::store {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

std::string Etag(int64_t version) { return absl::StrCat("\"", version, "\""); }

template <typename Message>
Message Parsed(sql::ResultSet& rows, int column) {
  Message m;
  // Written by this store from a message of the same type: a row that does not parse is a
  // corrupted database, and shows as an empty message rather than a crash.
  (void)m.ParseFromString(db::Bytes(rows, column));
  return m;
}

void SetBlob(sql::PreparedStatement& st, int index, const google::protobuf::Message& m) {
  st.setString(index, m.SerializeAsString());
}

}  // namespace

bool InsertIndicator(db::Connection& conn, v1::Indicator& indicator) {
  indicator.clear_id();
  indicator.clear_create_time();
  auto& st = conn.Prepare(
      "INSERT INTO indicators (code, owner_organization_id, display_name, definition)"
      " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id");
  st.setString(1, indicator.code());
  st.setInt64(2, indicator.owner_organization_id());
  st.setString(3, indicator.display_name());
  SetBlob(st, 4, indicator);
  // A taken code (the only unique key besides the id) changes no row.
  if (st.executeUpdate() == 0) return false;
  indicator = *LoadIndicator(conn, db::LastId(conn));
  return true;
}

namespace {
constexpr char kIndicatorColumns[] = "SELECT id, definition, create_time FROM indicators";

v1::Indicator ReadIndicator(sql::ResultSet& rows) {
  auto indicator = Parsed<v1::Indicator>(rows, 2);
  indicator.set_id(rows.getInt64(1));
  db::SetTime(rows, 3, indicator.mutable_create_time());
  return indicator;
}
}  // namespace

std::optional<v1::Indicator> LoadIndicator(db::Connection& conn, int64_t id) {
  auto& select = conn.Prepare(absl::StrCat(kIndicatorColumns, " WHERE id = ?"));
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadIndicator(*rows);
}

std::optional<v1::Indicator> LoadIndicatorByCode(db::Connection& conn, const std::string& code) {
  auto& select = conn.Prepare(absl::StrCat(kIndicatorColumns, " WHERE code = ?"));
  select.setString(1, code);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadIndicator(*rows);
}

std::vector<v1::Indicator> LoadIndicatorsByCodes(db::Connection& conn,
                                                 const std::vector<std::string>& codes) {
  std::vector<v1::Indicator> out;
  // One statement per code, prepared once: a template has at most 500 rows.
  for (const std::string& code : codes) {
    if (auto indicator = LoadIndicatorByCode(conn, code)) out.push_back(*std::move(indicator));
  }
  return out;
}

std::vector<v1::Indicator> ListIndicators(db::Connection& conn, int64_t owner,
                                          const std::string& after_code, int limit) {
  auto& select = conn.Prepare(absl::StrCat(
      kIndicatorColumns,
      " WHERE (? < 0 OR owner_organization_id = ?) AND code > ? ORDER BY code LIMIT ?"));
  select.setInt64(1, owner);
  select.setInt64(2, owner);
  select.setString(3, after_code);
  select.setInt(4, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Indicator> out;
  while (rows->next()) out.push_back(ReadIndicator(*rows));
  return out;
}

bool InsertTemplate(db::Connection& conn, v1::Template& t) {
  auto& st = conn.Prepare(
      "INSERT INTO templates (code, owner_organization_id, display_name, current_version)"
      " VALUES (?, ?, ?, 0) ON DUPLICATE KEY UPDATE id = id");
  st.setString(1, t.code());
  st.setInt64(2, t.owner_organization_id());
  st.setString(3, t.display_name());
  if (st.executeUpdate() == 0) return false;  // the code is taken
  t.set_id(db::LastId(conn));
  AddTemplateVersion(conn, t);
  return true;
}

void AddTemplateVersion(db::Connection& conn, v1::Template& t) {
  auto& bump =
      conn.Prepare("UPDATE templates SET current_version = current_version + 1 WHERE id = ?");
  bump.setInt64(1, t.id());
  bump.executeUpdate();
  auto& current = conn.Prepare("SELECT current_version FROM templates WHERE id = ?");
  current.setInt64(1, t.id());
  Rows rows(current.executeQuery());
  rows->next();
  t.set_version(rows->getInt(1));
  t.clear_etag();
  t.clear_create_time();
  auto& insert = conn.Prepare(
      "INSERT INTO template_versions (template_id, version, definition) VALUES (?, ?, ?)");
  insert.setInt64(1, t.id());
  insert.setInt(2, t.version());
  SetBlob(insert, 3, t);
  insert.executeUpdate();
  t = *LoadTemplate(conn, t.id(), t.version(), false);
}

namespace {
v1::Template ReadTemplate(sql::ResultSet& rows) {
  // id, current_version, definition, create_time
  auto t = Parsed<v1::Template>(rows, 3);
  t.set_id(rows.getInt64(1));
  t.set_etag(Etag(rows.getInt(2)));
  db::SetTime(rows, 4, t.mutable_create_time());
  return t;
}
}  // namespace

std::optional<int> CurrentTemplateVersion(db::Connection& conn, int64_t id) {
  auto& select = conn.Prepare("SELECT current_version FROM templates WHERE id = ?");
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return rows->getInt(1);
}

std::optional<v1::Template> LoadTemplate(db::Connection& conn, int64_t id, int version,
                                         bool for_update) {
  auto& select = conn.Prepare(
      absl::StrCat("SELECT t.id, t.current_version, v.definition, v.create_time FROM templates t"
                   " JOIN template_versions v ON v.template_id = t.id"
                   " AND v.version = IF(? = 0, t.current_version, ?) WHERE t.id = ?",
                   for_update ? " FOR UPDATE" : ""));
  select.setInt(1, version);
  select.setInt(2, version);
  select.setInt64(3, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadTemplate(*rows);
}

std::vector<v1::Template> ListTemplates(db::Connection& conn, int64_t owner,
                                        const std::string& after_code, int limit) {
  auto& select = conn.Prepare(
      "SELECT t.id, t.current_version, v.definition, v.create_time FROM templates t"
      " JOIN template_versions v ON v.template_id = t.id AND v.version = t.current_version"
      " WHERE (? < 0 OR t.owner_organization_id = ?) AND t.code > ? ORDER BY t.code LIMIT ?");
  select.setInt64(1, owner);
  select.setInt64(2, owner);
  select.setString(3, after_code);
  select.setInt(4, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Template> out;
  while (rows->next()) {
    v1::Template t = ReadTemplate(*rows);
    t.clear_rows();
    t.clear_sections();
    out.push_back(std::move(t));
  }
  return out;
}

namespace {
constexpr char kObligationColumns[] =
    "SELECT id, definition, row_version, create_time FROM obligations";

v1::Obligation ReadObligation(sql::ResultSet& rows) {
  auto o = Parsed<v1::Obligation>(rows, 2);
  o.set_id(rows.getInt64(1));
  o.set_etag(Etag(rows.getInt64(3)));
  db::SetTime(rows, 4, o.mutable_create_time());
  return o;
}
}  // namespace

void InsertObligation(db::Connection& conn, v1::Obligation& o) {
  o.clear_id();
  o.clear_etag();
  o.clear_create_time();
  auto& st = conn.Prepare(
      "INSERT INTO obligations (display_name, issuer_organization_id, recipient_organization_id,"
      " via_organization_id, template_id, plan_id, definition) VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.setString(1, o.display_name());
  st.setInt64(2, o.issuer_organization_id());
  st.setInt64(3, o.recipient_organization_id());
  st.setInt64(4, o.via_organization_id());
  st.setInt64(5, o.template_id());
  st.setInt64(6, o.plan_id());
  SetBlob(st, 7, o);
  st.executeUpdate();
  o = *LoadObligation(conn, db::LastId(conn));
}

std::optional<v1::Obligation> LoadObligation(db::Connection& conn, int64_t id) {
  auto& select = conn.Prepare(absl::StrCat(kObligationColumns, " WHERE id = ?"));
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadObligation(*rows);
}

std::vector<v1::Obligation> ObligationsIssuedBy(db::Connection& conn,
                                                const std::vector<int64_t>& issuers) {
  if (issuers.empty()) return {};
  std::string sql = absl::StrCat(kObligationColumns, " WHERE issuer_organization_id IN (");
  for (size_t i = 0; i < issuers.size(); ++i) absl::StrAppend(&sql, i ? ", ?" : "?");
  absl::StrAppend(&sql, ") ORDER BY id");
  auto& select = conn.Prepare(sql);
  for (size_t i = 0; i < issuers.size(); ++i) {
    select.setInt64(static_cast<int>(i + 1), issuers[i]);
  }
  Rows rows(select.executeQuery());
  std::vector<v1::Obligation> out;
  while (rows->next()) out.push_back(ReadObligation(*rows));
  return out;
}

std::vector<v1::Obligation> ObligationsAddressedTo(db::Connection& conn, int64_t unit) {
  // Two index ranges merged here: a UNION would sort the definitions in a temporary table.
  std::map<int64_t, v1::Obligation> by_id;
  for (const char* column : {"recipient_organization_id", "via_organization_id"}) {
    auto& select =
        conn.Prepare(absl::StrCat(kObligationColumns, " WHERE ", column, " = ? ORDER BY id"));
    select.setInt64(1, unit);
    Rows rows(select.executeQuery());
    while (rows->next()) {
      v1::Obligation o = ReadObligation(*rows);
      by_id.emplace(o.id(), std::move(o));
    }
  }
  std::vector<v1::Obligation> out;
  for (auto& [id, o] : by_id) out.push_back(std::move(o));
  return out;
}

std::vector<v1::Obligation> ObligationsServingPlan(db::Connection& conn, int64_t plan_id) {
  auto& select = conn.Prepare(absl::StrCat(kObligationColumns, " WHERE plan_id = ? ORDER BY id"));
  select.setInt64(1, plan_id);
  Rows rows(select.executeQuery());
  std::vector<v1::Obligation> out;
  while (rows->next()) out.push_back(ReadObligation(*rows));
  return out;
}

std::vector<v1::Obligation> ListObligations(db::Connection& conn,
                                            const v1::ListObligationsRequest& filter,
                                            int64_t after_id, int limit) {
  auto& select = conn.Prepare(absl::StrCat(
      kObligationColumns,
      " WHERE (? = 0 OR issuer_organization_id = ?) AND (? = 0 OR recipient_organization_id = ?)"
      " AND (? = 0 OR via_organization_id = ?) AND id > ? ORDER BY id LIMIT ?"));
  select.setInt64(1, filter.issuer_organization_id());
  select.setInt64(2, filter.issuer_organization_id());
  select.setInt64(3, filter.recipient_organization_id());
  select.setInt64(4, filter.recipient_organization_id());
  select.setInt64(5, filter.via_organization_id());
  select.setInt64(6, filter.via_organization_id());
  select.setInt64(7, after_id);
  select.setInt(8, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Obligation> out;
  while (rows->next()) out.push_back(ReadObligation(*rows));
  return out;
}

namespace {
v1::WorkingCalendarYear ReadYear(sql::ResultSet& rows) {
  // year, definition, row_version, update_time
  auto year = Parsed<v1::WorkingCalendarYear>(rows, 2);
  year.set_year(rows.getInt(1));
  year.set_etag(Etag(rows.getInt64(3)));
  db::SetTime(rows, 4, year.mutable_update_time());
  return year;
}
}  // namespace

std::optional<v1::WorkingCalendarYear> LoadCalendarYear(db::Connection& conn, int year,
                                                        bool for_update) {
  auto& select = conn.Prepare(
      absl::StrCat("SELECT year, definition, row_version, update_time FROM working_calendar_years"
                   " WHERE year = ?",
                   for_update ? " FOR UPDATE" : ""));
  select.setInt(1, year);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadYear(*rows);
}

void SaveCalendarYear(db::Connection& conn, v1::WorkingCalendarYear& year) {
  year.clear_etag();
  year.clear_update_time();
  auto& st = conn.Prepare(
      "INSERT INTO working_calendar_years (year, definition) VALUES (?, ?)"
      " ON DUPLICATE KEY UPDATE definition = VALUES(definition), row_version = row_version + 1,"
      " update_time = CURRENT_TIMESTAMP(3)");
  st.setInt(1, year.year());
  SetBlob(st, 2, year);
  st.executeUpdate();
  year = *LoadCalendarYear(conn, year.year(), false);
}

bool InsertCalendarYearIfAbsent(db::Connection& conn, const v1::WorkingCalendarYear& year) {
  v1::WorkingCalendarYear stored = year;
  stored.clear_etag();
  stored.clear_update_time();
  // A stored year (unique on year) makes the insert a no-op: 0 rows.
  auto& st = conn.Prepare(
      "INSERT INTO working_calendar_years (year, definition) VALUES (?, ?)"
      " ON DUPLICATE KEY UPDATE year = year");
  st.setInt(1, stored.year());
  SetBlob(st, 2, stored);
  return st.executeUpdate() == 1;
}

WorkingCalendar LoadCalendar(db::Connection& conn, int first_year, int last_year) {
  auto& select = conn.Prepare(
      "SELECT year, definition, row_version, update_time FROM working_calendar_years"
      " WHERE year BETWEEN ? AND ? ORDER BY year");
  select.setInt(1, first_year);
  select.setInt(2, last_year);
  Rows rows(select.executeQuery());
  WorkingCalendar calendar;
  while (rows->next()) {
    const v1::WorkingCalendarYear year = ReadYear(*rows);
    std::vector<CivilDay> off, worked;
    for (const auto& d : year.days_off()) off.push_back(CivilDay(d.year(), d.month(), d.day()));
    for (const auto& d : year.worked_weekend_days())
      worked.push_back(CivilDay(d.year(), d.month(), d.day()));
    (void)calendar.LoadYear(year.year(), off, worked);
  }
  return calendar;
}

}  // namespace thidua::reporting::store
