#include "services/plans/store/plans_store.h"

#include <google/protobuf/util/time_util.h>

#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/db/bytes.h"
#include "common/text.h"
#include "services/plans/store/sql_values.h"

namespace thidua::plans::store {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

v1::Document ReadDocument(sql::ResultSet& rs) {
  v1::Document d;
  d.set_id(rs.getInt64(1));
  d.set_type(static_cast<v1::DocumentType>(rs.getInt(2)));
  d.set_symbol(rs.getString(3));
  *d.mutable_issue_date() = DateOf(rs, 4);
  d.set_issuing_body(rs.getString(5));
  d.set_issuer_organization_id(rs.getInt64(6));
  d.set_title(rs.getString(7));
  SetTime(rs, 8, d.mutable_create_time());
  return d;
}

constexpr char kDocumentColumns[] =
    "SELECT id, type, symbol, issue_date, issuing_body, issuer_organization_id, title, create_time"
    " FROM documents";

}  // namespace

int64_t InsertMovement(db::Connection& conn, v1::Movement& movement) {
  auto& insert = conn.Prepare(
      "INSERT INTO movements (display_name, search_name, description, launching_document_id,"
      " launching_organization_id) VALUES (?, ?, ?, ?, ?)");
  insert.setString(1, movement.display_name());
  insert.setString(
      2, std::string(text::TruncateToCodePoints(text::Fold(movement.display_name()), 300)));
  insert.setString(3, movement.description());
  insert.setInt64(4, movement.launching_document_id());
  insert.setInt64(5, movement.launching_organization_id());
  insert.executeUpdate();
  movement.set_id(LastId(conn));
  return movement.id();
}

std::vector<v1::Movement> ListMovements(db::Connection& conn,
                                        const std::vector<std::string>& folded_words,
                                        int64_t after_id, int limit) {
  // Every word anywhere in the name, in any order, as the registry's search does.
  std::string where = "id > ?";
  for (size_t i = 0; i < folded_words.size(); ++i)
    absl::StrAppend(&where, " AND search_name LIKE ?");
  std::unique_ptr<sql::PreparedStatement> statement(conn.raw().prepareStatement(
      absl::StrCat("SELECT id, display_name, description, launching_document_id, create_time,"
                   " launching_organization_id FROM movements WHERE ",
                   where, " ORDER BY id LIMIT ?")));
  sql::PreparedStatement& select = *statement;
  select.setInt64(1, after_id);
  for (size_t i = 0; i < folded_words.size(); ++i) {
    select.setString(static_cast<int>(i + 2), absl::StrCat("%", folded_words[i], "%"));
  }
  select.setInt(static_cast<int>(folded_words.size() + 2), limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Movement> out;
  while (rows->next()) {
    v1::Movement m;
    m.set_id(rows->getInt64(1));
    m.set_display_name(rows->getString(2));
    m.set_description(rows->getString(3));
    m.set_launching_document_id(rows->getInt64(4));
    SetTime(*rows, 5, m.mutable_create_time());
    m.set_launching_organization_id(rows->getInt64(6));
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<int64_t> MovementLauncher(db::Connection& conn, int64_t movement_id) {
  auto& select = conn.Prepare("SELECT launching_organization_id FROM movements WHERE id = ?");
  select.setInt64(1, movement_id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return rows->getInt64(1);
}

bool MovementExists(db::Connection& conn, int64_t id) {
  auto& select = conn.Prepare("SELECT 1 FROM movements WHERE id = ?");
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  return rows->next();
}

v1::Document UpsertDocument(db::Connection& conn, const v1::Document& document,
                            const std::string& identity, bool* written) {
  // One statement, no SELECT ... FOR UPDATE of a missing key first: that would take a gap lock,
  // and two plans issued at once would deadlock inserting into the same gap. On a duplicate the
  // existing row's id becomes LAST_INSERT_ID. A record registered without an issuer (by a unit
  // citing it) is claimed by its issuer's own registration, whose symbol, date and title then
  // win: a citer can never keep the issuer's number from it, nor date it wrongly. (Assignments run
  // left to right: everything is decided before the issuer changes.)
  auto claimed = [](absl::string_view column) {
    return absl::StrCat(" ", column, " = IF(issuer_organization_id = 0 AND",
                        " VALUES(issuer_organization_id) <> 0, VALUES(", column, "), ", column,
                        "),");
  };
  auto& insert = conn.Prepare(absl::StrCat(
      "INSERT INTO documents (type, symbol, identity, issue_date, issuing_body,"
      " issuer_organization_id, title, search_text, issuing_body_key)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id),",
      claimed("type"), claimed("symbol"), claimed("issue_date"), claimed("title"),
      claimed("search_text"),
      " issuer_organization_id = IF(issuer_organization_id = 0, VALUES(issuer_organization_id),"
      " issuer_organization_id)"));
  insert.setInt(1, document.type());
  insert.setString(2, document.symbol());
  insert.setString(3, identity);
  insert.setString(4, Iso(document.issue_date()));
  insert.setString(5, document.issuing_body());
  insert.setInt64(6, document.issuer_organization_id());
  insert.setString(7, document.title());
  // Folding may lengthen a text (compatibility forms expand): the search copy is cut to its column.
  insert.setString(8, std::string(text::TruncateToCodePoints(
                          text::Fold(absl::StrCat(document.symbol(), " ", document.issuing_body(),
                                                  " ", document.title())),
                          1500)));
  insert.setString(9, text::IdentityDigest(document.issuing_body()));
  // 1: inserted; 2: an unowned record claimed by its issuer; 0: the record as it was.
  const int changed = insert.executeUpdate();
  if (written) *written = changed != 0;
  // A locking read: a duplicate committed after this transaction's snapshot is still seen.
  auto& select = conn.Prepare(std::string(kDocumentColumns) + " WHERE id = ? LOCK IN SHARE MODE");
  select.setInt64(1, LastId(conn));
  Rows rows(select.executeQuery());
  rows->next();
  return ReadDocument(*rows);
}

std::optional<v1::Document> LockDocument(db::Connection& conn, int64_t id) {
  auto& select = conn.Prepare(std::string(kDocumentColumns) + " WHERE id = ? FOR UPDATE");
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadDocument(*rows);
}

int64_t PlanIssuedAs(db::Connection& conn, int64_t document_id) {
  auto& select = conn.Prepare("SELECT id FROM plans WHERE document_id = ? LIMIT 1");
  select.setInt64(1, document_id);
  Rows rows(select.executeQuery());
  return rows->next() ? rows->getInt64(1) : 0;
}

std::optional<v1::Document> LoadDocument(db::Connection& conn, int64_t id) {
  auto& select = conn.Prepare(std::string(kDocumentColumns) + " WHERE id = ?");
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return ReadDocument(*rows);
}

std::vector<v1::Document> ListDocuments(db::Connection& conn, const std::string& identity_prefix,
                                        int type, const std::string& folded_query,
                                        const std::string& after_date, int64_t after_id,
                                        int limit) {
  // An identity holds digits, upper-case letters, "Đ", "-" and "|" only: nothing LIKE reads as a
  // wildcard, so the prefix needs no escaping. The date descends and the id ascends, so "after"
  // is an older date, or the same date and a greater id.
  auto& select = conn.Prepare(std::string(kDocumentColumns) +
                              " WHERE (? = '' OR identity LIKE ?) AND (? = 0 OR type = ?)"
                              " AND search_text LIKE ?"
                              " AND (issue_date < ? OR (issue_date = ? AND id > ?))"
                              " ORDER BY issue_date DESC, id LIMIT ?");
  select.setString(1, identity_prefix);
  select.setString(2, absl::StrCat(identity_prefix, "%"));
  select.setInt(3, type);
  select.setInt(4, type);
  select.setString(5, absl::StrCat("%", absl::StrJoin(text::Words(folded_query), "%"), "%"));
  select.setString(6, after_date);
  select.setString(7, after_date);
  select.setInt64(8, after_id);
  select.setInt(9, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Document> out;
  while (rows->next()) out.push_back(ReadDocument(*rows));
  return out;
}

std::vector<std::pair<std::string, std::string>> DocumentDates(db::Connection& conn,
                                                               const std::vector<int64_t>& ids) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int64_t id : ids) {
    if (auto d = LoadDocument(conn, id)) out.emplace_back(d->symbol(), Iso(d->issue_date()));
  }
  return out;
}

std::optional<PlanRow> LoadPlanRow(db::Connection& conn, int64_t id, bool for_update) {
  auto& select = conn.Prepare(std::string("SELECT id, issuer_organization_id, status, version,"
                                          " row_version, document_id FROM plans WHERE id = ?") +
                              (for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return PlanRow{rows->getInt64(1), rows->getInt64(2), rows->getInt(3),
                 rows->getInt(4),   rows->getInt64(5), rows->getInt64(6)};
}

std::optional<v1::Plan> LoadPlan(db::Connection& conn, int64_t id, int version) {
  auto& select = conn.Prepare(
      "SELECT p.status, p.version, p.row_version, p.document_id, v.content, p.create_time,"
      " p.update_time FROM plans p JOIN plan_versions v ON v.plan_id = p.id"
      " AND v.version = IF(? = 0, p.version, ?) WHERE p.id = ?");
  select.setInt(1, version);
  select.setInt(2, version);
  select.setInt64(3, id);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  v1::Plan plan;
  plan.ParseFromString(db::Bytes(*rows, 5));
  const int current = rows->getInt(2);
  plan.set_id(id);
  plan.set_name(absl::StrCat("plans/", id));
  // An earlier version is shown as it was: issued, then superseded.
  plan.set_status(version == 0 || version == current ? static_cast<v1::PlanStatus>(rows->getInt(1))
                                                     : v1::ISSUED);
  if (plan.version() == 0) plan.set_version(version == 0 ? current : version);
  plan.set_etag(absl::StrCat("\"", rows->getInt64(3), "\""));
  plan.set_document_id(rows->getInt64(4));
  SetTime(*rows, 6, plan.mutable_create_time());
  SetTime(*rows, 7, plan.mutable_update_time());
  return plan;
}

namespace {

void WriteContent(db::Connection& conn, const v1::Plan& plan, bool insert,
                  const std::string& reason) {
  v1::Plan content = plan;
  content.clear_etag();
  content.clear_create_time();
  content.clear_update_time();
  for (auto& task : *content.mutable_tasks()) {
    task.clear_statuses();
    task.clear_notes();
    task.clear_next_deadline();
  }
  std::istringstream blob(content.SerializeAsString());
  if (insert) {
    auto& st = conn.Prepare(
        "INSERT INTO plan_versions (plan_id, version, content, reason) VALUES (?, ?, ?, ?)");
    st.setInt64(1, plan.id());
    st.setInt(2, plan.version());
    st.setBlob(3, &blob);
    st.setString(4, reason);
    st.executeUpdate();
  } else {
    auto& st =
        conn.Prepare("UPDATE plan_versions SET content = ? WHERE plan_id = ? AND version = ?");
    st.setBlob(1, &blob);
    st.setInt64(2, plan.id());
    st.setInt(3, plan.version());
    st.executeUpdate();
  }
}

// Ids of tasks, targets and cascade requirements come from one sequence (the `part_ids` table, an
// AUTO_INCREMENT shared by every plan): stable across versions and never reused, however many
// parts and amendments a plan has. Keeps the ids of parts the stored plan already has (an
// amendment keeps a task's progress); an id a client made up is not kept.
void NumberParts(db::Connection& conn, v1::Plan& plan, const std::set<int64_t>& known) {
  std::vector<google::protobuf::Message*> fresh;
  auto collect = [&](auto* part) {
    if (!known.count(part->id())) fresh.push_back(part);
  };
  for (int i = 0; i < plan.tasks_size(); ++i) {
    auto* task = plan.mutable_tasks(i);
    collect(task);
    task->set_plan_id(plan.id());
    task->set_position(i + 1);
  }
  for (auto& t : *plan.mutable_targets()) collect(&t);
  for (auto& c : *plan.mutable_cascade()) collect(&c);
  if (fresh.empty()) return;
  // One multi-row insert; the plan's row is locked by the caller, so the rows of this plan at or
  // above the first new id are exactly these, whatever the server's auto-increment lock mode.
  std::string values;
  for (size_t i = 0; i < fresh.size(); ++i)
    absl::StrAppend(&values, i ? ",(" : "(", plan.id(), ")");
  conn.Execute(absl::StrCat("INSERT INTO part_ids (plan_id) VALUES ", values));
  auto& select = conn.Prepare(
      "SELECT id FROM part_ids WHERE plan_id = ? AND id >= LAST_INSERT_ID() ORDER BY id");
  select.setInt64(1, plan.id());
  Rows rows(select.executeQuery());
  for (google::protobuf::Message* part : fresh) {
    rows->next();
    const auto* id = part->GetDescriptor()->FindFieldByName("id");
    part->GetReflection()->SetInt64(part, id, rows->getInt64(1));
  }
}

// Every part id any version of the plan has used.
std::set<int64_t> KnownPartIds(db::Connection& conn, int64_t plan_id) {
  std::set<int64_t> ids;
  auto& select = conn.Prepare("SELECT content FROM plan_versions WHERE plan_id = ?");
  select.setInt64(1, plan_id);
  Rows rows(select.executeQuery());
  while (rows->next()) {
    v1::Plan version;
    version.ParseFromString(db::Bytes(*rows, 1));
    for (const auto& t : version.tasks()) ids.insert(t.id());
    for (const auto& t : version.targets()) ids.insert(t.id());
    for (const auto& c : version.cascade()) ids.insert(c.id());
  }
  return ids;
}

void WriteRow(db::Connection& conn, const v1::Plan& plan) {
  auto& st = conn.Prepare(
      "UPDATE plans SET movement_id = ?, status = ?, version = ?, row_version = row_version + 1,"
      " symbol = ?, issue_date = ?, document_id = ?, search_title = ?,"
      " update_time = CURRENT_TIMESTAMP(3) WHERE id = ?");
  st.setInt64(1, plan.movement_id());
  st.setInt(2, plan.status());
  st.setInt(3, plan.version());
  st.setString(4, plan.symbol());
  SetDate(st, 5, plan.issue_date());
  st.setInt64(6, plan.document_id());
  // Folding may lengthen a title (compatibility forms expand): the search copy is cut to its
  // column.
  st.setString(7, std::string(text::TruncateToCodePoints(
                      text::Fold(absl::StrCat(plan.symbol(), " ", plan.title())), 1000)));
  st.setInt64(8, plan.id());
  st.executeUpdate();
}

}  // namespace

void InsertPlan(db::Connection& conn, v1::Plan& plan) {
  auto& insert = conn.Prepare(
      "INSERT INTO plans (issuer_organization_id, status, search_title) VALUES (?, ?, '')");
  insert.setInt64(1, plan.issuer_organization_id());
  insert.setInt(2, v1::DRAFT);
  insert.executeUpdate();
  plan.set_id(LastId(conn));
  plan.set_status(v1::DRAFT);
  plan.set_version(1);
  NumberParts(conn, plan, {});
  WriteRow(conn, plan);
  WriteContent(conn, plan, /*insert=*/true, "");
}

void SavePlan(db::Connection& conn, v1::Plan& plan, bool new_version, const std::string& reason) {
  if (new_version) plan.set_version(plan.version() + 1);
  NumberParts(conn, plan, KnownPartIds(conn, plan.id()));
  WriteRow(conn, plan);
  WriteContent(conn, plan, new_version, reason);
}

std::vector<v1::Plan> ListPlans(db::Connection& conn, const v1::ListPlansRequest& r,
                                const PlanVisibility& visible, const std::string& after_date,
                                int64_t after_id, int limit) {
  // What the caller may see is part of the query, so a page is never thinned after it is cut.
  // The ids come from the registry as integers: joined literally they cannot inject anything, and
  // a one-off statement keeps the connection's statement cache from growing with every list.
  std::string visibility = "TRUE";
  if (!visible.everything) {
    const std::string any =
        visible.any_status.empty() ? "0" : absl::StrJoin(visible.any_status, ",");
    const std::string issued =
        visible.issued_only.empty() ? "0" : absl::StrJoin(visible.issued_only, ",");
    visibility =
        absl::StrCat("(p.issuer_organization_id IN (", any, ") OR (p.issuer_organization_id IN (",
                     issued, ") AND p.status <> ", static_cast<int>(v1::DRAFT), "))");
  }
  // Descending, a draft's NULL date comes last: after a dated plan come older dates, the drafts,
  // and its own date with smaller ids; after a draft only drafts with smaller ids.
  const std::string after = after_date.empty() ? "p.issue_date IS NULL AND p.id < ?"
                                               : "(p.issue_date < ? OR p.issue_date IS NULL OR"
                                                 " (p.issue_date = ? AND p.id < ?))";
  std::unique_ptr<sql::PreparedStatement> statement(conn.raw().prepareStatement(absl::StrCat(
      "SELECT p.id FROM plans p WHERE ", visibility,
      " AND (? = 0 OR p.issuer_organization_id = ?)"
      " AND (? = 0 OR p.movement_id = ?) AND (? = 0 OR p.status = ?) AND p.search_title LIKE ?"
      " AND (? = 0 OR p.id IN (SELECT plan_id FROM plan_references WHERE document_id = ?"
      " AND relation = 1)) AND ",
      after, " ORDER BY p.issue_date DESC, p.id DESC LIMIT ?")));
  sql::PreparedStatement& select = *statement;
  select.setInt64(1, r.issuer_organization_id());
  select.setInt64(2, r.issuer_organization_id());
  select.setInt64(3, r.movement_id());
  select.setInt64(4, r.movement_id());
  select.setInt(5, r.status());
  select.setInt(6, r.status());
  select.setString(7,
                   absl::StrCat("%", absl::StrJoin(text::Words(text::Fold(r.query())), "%"), "%"));
  select.setInt64(8, r.implements_document_id());
  select.setInt64(9, r.implements_document_id());
  int at = 10;
  if (!after_date.empty()) {
    select.setString(at++, after_date);
    select.setString(at++, after_date);
  }
  select.setInt64(at++, after_id);
  select.setInt(at, limit);
  Rows rows(select.executeQuery());
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64(1));
  std::vector<v1::Plan> out;
  for (int64_t id : ids) {
    if (auto plan = LoadPlan(conn, id, 0)) {
      plan->clear_sections();
      plan->clear_tasks();
      plan->clear_targets();
      plan->clear_cascade();
      out.push_back(*std::move(plan));
    }
  }
  return out;
}

std::vector<Implementation> ImplementationsOf(db::Connection& conn, int64_t document_id) {
  auto& select = conn.Prepare(
      "SELECT p.issuer_organization_id, p.id, p.issue_date FROM plan_references r"
      " JOIN plans p ON p.id = r.plan_id WHERE r.document_id = ? AND r.relation = 1"
      " AND p.status IN (2, 3) ORDER BY p.issue_date, p.id");
  select.setInt64(1, document_id);
  Rows rows(select.executeQuery());
  std::vector<Implementation> out;
  while (rows->next()) out.push_back({rows->getInt64(1), rows->getInt64(2), rows->getString(3)});
  return out;
}

void LoadTaskProgress(db::Connection& conn, v1::Task& task) {
  auto& statuses = conn.Prepare(
      "SELECT organization_id, year, state, done_date FROM task_statuses WHERE task_id = ?"
      " ORDER BY year, organization_id");
  statuses.setInt64(1, task.id());
  Rows s(statuses.executeQuery());
  while (s->next()) {
    auto* st = task.add_statuses();
    st->set_organization_id(s->getInt64(1));
    st->set_year(s->getInt(2));
    st->set_state(static_cast<v1::TaskState>(s->getInt(3)));
    *st->mutable_done_date() = DateOf(*s, 4);
  }
  auto& notes = conn.Prepare(
      "SELECT organization_id, author, text, create_time FROM task_notes WHERE task_id = ?"
      " ORDER BY id");
  notes.setInt64(1, task.id());
  Rows n(notes.executeQuery());
  while (n->next()) {
    auto* note = task.add_notes();
    note->set_organization_id(n->getInt64(1));
    note->set_author(n->getString(2));
    note->set_text(n->getString(3));
    SetTime(*n, 4, note->mutable_create_time());
  }
}

void UpsertTaskStatus(db::Connection& conn, int64_t task_id, const v1::AssigneeStatus& status) {
  auto& st = conn.Prepare(
      "INSERT INTO task_statuses (task_id, organization_id, year, state, done_date)"
      " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE state = VALUES(state),"
      " done_date = VALUES(done_date), update_time = CURRENT_TIMESTAMP(3)");
  st.setInt64(1, task_id);
  st.setInt64(2, status.organization_id());
  st.setInt(3, status.year());
  st.setInt(4, status.state());
  SetDate(st, 5, status.done_date());
  st.executeUpdate();
}

void InsertTaskNote(db::Connection& conn, int64_t task_id, const v1::ProgressNote& note) {
  auto& st = conn.Prepare(
      "INSERT INTO task_notes (task_id, organization_id, author, text) VALUES (?, ?, ?, ?)");
  st.setInt64(1, task_id);
  st.setInt64(2, note.organization_id());
  st.setString(3, note.author());
  st.setString(4, note.text());
  st.executeUpdate();
}

int64_t PlanOfTask(db::Connection& conn, int64_t task_id) {
  auto& select = conn.Prepare("SELECT id FROM plans WHERE id = ?");
  select.setInt64(1, task_id / 1000);
  Rows rows(select.executeQuery());
  return rows->next() ? rows->getInt64(1) : 0;
}

int64_t InsertRegistration(db::Connection& conn, v1::Registration& r) {
  auto& st = conn.Prepare(
      "INSERT INTO registrations (organization_id, year, standard_id, plan_id, registered_on)"
      " VALUES (?, ?, ?, ?, ?)");
  st.setInt64(1, r.organization_id());
  st.setInt(2, r.year());
  st.setInt64(3, r.standard_id());
  st.setInt64(4, r.plan_id());
  st.setString(5, Iso(r.registered_on()));
  st.executeUpdate();
  r.set_id(LastId(conn));
  // The reply carries the time the row was written, as the listing does.
  auto& written = conn.Prepare("SELECT create_time FROM registrations WHERE id = ?");
  written.setInt64(1, r.id());
  Rows rows(written.executeQuery());
  if (rows->next()) SetTime(*rows, 1, r.mutable_create_time());
  return r.id();
}

std::vector<v1::Registration> ListRegistrations(db::Connection& conn,
                                                const v1::ListRegistrationsRequest& r,
                                                const std::optional<std::vector<int64_t>>& units,
                                                const RegistrationKey& after, int limit) {
  // Registry ids joined literally cannot inject anything; a one-off statement keeps the
  // connection's statement cache from growing with every scope.
  const std::string within =
      !units ? "TRUE"
             : absl::StrCat("r.organization_id IN (",
                            units->empty() ? "0" : absl::StrJoin(*units, ","), ")");
  std::unique_ptr<sql::PreparedStatement> statement(conn.raw().prepareStatement(absl::StrCat(
      "SELECT r.id, r.organization_id, r.year, s.display_name, r.plan_id, r.registered_on,"
      " r.create_time, r.standard_id FROM registrations r JOIN standards s ON s.id = r.standard_id"
      " WHERE ",
      within,
      " AND (? = 0 OR r.organization_id = ?)"
      " AND (? = 0 OR r.year = ?) AND (? = 0 OR r.plan_id = ?) AND (? = 0 OR r.standard_id = ?)"
      " AND (r.year > ? OR (r.year = ? AND (r.organization_id > ?"
      " OR (r.organization_id = ? AND r.id > ?))))"
      " ORDER BY r.year, r.organization_id, r.id LIMIT ?")));
  sql::PreparedStatement& select = *statement;
  select.setInt64(1, r.organization_id());
  select.setInt64(2, r.organization_id());
  select.setInt(3, r.year());
  select.setInt(4, r.year());
  select.setInt64(5, r.plan_id());
  select.setInt64(6, r.plan_id());
  select.setInt64(7, r.standard_id());
  select.setInt64(8, r.standard_id());
  select.setInt64(9, after.year);
  select.setInt64(10, after.year);
  select.setInt64(11, after.organization_id);
  select.setInt64(12, after.organization_id);
  select.setInt64(13, after.id);
  select.setInt(14, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Registration> out;
  while (rows->next()) {
    v1::Registration reg;
    reg.set_id(rows->getInt64(1));
    reg.set_organization_id(rows->getInt64(2));
    reg.set_year(rows->getInt(3));
    reg.set_title(rows->getString(4));
    reg.set_plan_id(rows->getInt64(5));
    *reg.mutable_registered_on() = DateOf(*rows, 6);
    SetTime(*rows, 7, reg.mutable_create_time());
    reg.set_standard_id(rows->getInt64(8));
    out.push_back(std::move(reg));
  }
  return out;
}

bool IsRegistered(db::Connection& conn, int64_t organization_id, int year, int64_t standard_id) {
  auto& select = conn.Prepare(
      "SELECT 1 FROM registrations WHERE organization_id = ? AND year = ? AND standard_id = ?");
  select.setInt64(1, organization_id);
  select.setInt(2, year);
  select.setInt64(3, standard_id);
  Rows rows(select.executeQuery());
  return rows->next();
}

std::vector<int64_t> RegisteredUnits(db::Connection& conn, int year, int64_t standard_id) {
  auto& select =
      conn.Prepare("SELECT organization_id FROM registrations WHERE year = ? AND standard_id = ?");
  select.setInt(1, year);
  select.setInt64(2, standard_id);
  Rows rows(select.executeQuery());
  std::vector<int64_t> out;
  while (rows->next()) out.push_back(rows->getInt64(1));
  return out;
}

absl::Status KeyIssuingBodies(db::Pool& pool) {
  return KeyByIdentity(pool, "documents", "issuing_body", "issuing_body_key");
}

}  // namespace thidua::plans::store
