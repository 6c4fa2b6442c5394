#include "services/reporting/store/submission_store.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/db/bytes.h"
#include "common/db/sql_values.h"

namespace thidua::reporting::store {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

constexpr int kDuplicateKey = 1062;  // ER_DUP_ENTRY

constexpr char kColumns[] =
    "SELECT id, state, version, accepted_version, revision, content, update_time FROM submissions";

v1::Submission Read(sql::ResultSet& rows) {
  v1::Submission s;
  (void)s.ParseFromString(db::Bytes(rows, 6));
  s.set_id(rows.getInt64(1));
  s.set_state(static_cast<v1::SubmissionState>(rows.getInt(2)));
  s.set_version(rows.getInt(3));
  s.set_accepted_version(rows.getInt(4));
  s.set_etag(absl::StrCat("\"", rows.getInt64(5), "\""));
  db::SetTime(rows, 7, s.mutable_update_time());
  return s;
}

// The content column: everything but what the columns hold. Those fields are set aside while `s`
// is serialized and then put back, rather than copying the whole report (each figure is a message
// of its own) to clear them.
std::string Content(v1::Submission& s) {
  const int64_t id = s.id();
  const v1::SubmissionState state = s.state();
  const int version = s.version();
  const int accepted_version = s.accepted_version();
  std::string etag = std::move(*s.mutable_etag());
  google::protobuf::Timestamp* update_time = s.release_update_time();
  google::protobuf::RepeatedPtrField<v1::SubmissionEvent> history;
  history.Swap(s.mutable_history());
  s.clear_id();
  s.clear_state();
  s.clear_version();
  s.clear_accepted_version();
  s.clear_etag();
  std::string content = s.SerializeAsString();
  s.set_id(id);
  s.set_state(state);
  s.set_version(version);
  s.set_accepted_version(accepted_version);
  s.set_etag(std::move(etag));
  s.set_allocated_update_time(update_time);
  s.mutable_history()->Swap(&history);
  return content;
}

std::optional<v1::Submission> One(sql::PreparedStatement& select) {
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return Read(*rows);
}

}  // namespace

bool InsertSubmission(db::Connection& conn, v1::Submission& s, int64_t recipient, int64_t via) {
  auto& st = conn.Prepare(
      "INSERT INTO submissions (client_id, obligation_id, period_key, organization_id,"
      " recipient_organization_id, via_organization_id, state, version, days_late, content)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, revision, update_time");
  st.setString(1, s.client_id());
  st.setInt64(2, s.obligation_id());
  st.setString(3, s.period_key());
  st.setInt64(4, s.organization_id());
  st.setInt64(5, recipient);
  st.setInt64(6, via);
  st.setInt(7, s.state());
  st.setInt(8, s.version());
  // A draft has not arrived, so it has no lateness yet.
  if (s.has_submit_time()) {
    st.setInt(9, s.days_late());
  } else {
    st.setNull(9, sql::DataType::INTEGER);
  }
  st.setString(10, Content(s));
  // The row's trigger takes the unit's feed number and the period shard's change number
  // (0008_report_numbers_by_trigger.sql).
  try {
    Rows rows(st.executeQuery());
    rows->next();
    s.set_id(rows->getInt64(1));
    s.set_etag(absl::StrCat("\"", rows->getInt64(2), "\""));
    db::SetTime(*rows, 3, s.mutable_update_time());
  } catch (const sql::SQLException& e) {
    // A unique key is taken (the client id, or the unit's report of the period): the statement
    // is undone, the numbers its trigger took with it (their rows stay locked until the caller
    // rolls back).
    if (e.getErrorCode() == kDuplicateKey) return false;
    throw;
  }
  return true;
}

std::optional<v1::Submission> LoadSubmission(db::Connection& conn, int64_t id, bool for_update) {
  auto& select =
      conn.Prepare(absl::StrCat(kColumns, " WHERE id = ?", for_update ? " FOR UPDATE" : ""));
  select.setInt64(1, id);
  return One(select);
}

std::optional<v1::Submission> LoadSubmissionByClientId(db::Connection& conn, int64_t organization,
                                                       const std::string& client_id) {
  auto& select =
      conn.Prepare(absl::StrCat(kColumns, " WHERE organization_id = ? AND client_id = ?"));
  select.setInt64(1, organization);
  select.setString(2, client_id);
  return One(select);
}

std::optional<int64_t> SubmissionOf(db::Connection& conn, int64_t obligation,
                                    const std::string& period_key, int64_t organization) {
  auto& select = conn.Prepare(
      "SELECT id FROM submissions WHERE obligation_id = ? AND period_key = ?"
      " AND organization_id = ?");
  select.setInt64(1, obligation);
  select.setString(2, period_key);
  select.setInt64(3, organization);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return rows->getInt64(1);
}

void SaveSubmission(db::Connection& conn, v1::Submission& s) {
  auto& st = conn.Prepare(
      "UPDATE submissions SET state = ?, version = ?, accepted_version = ?, content = ?,"
      " days_late = IF(? = 1, ?, days_late), revision = revision + 1,"
      " update_time = CURRENT_TIMESTAMP(3) WHERE id = ?");
  st.setInt(1, s.state());
  st.setInt(2, s.version());
  st.setInt(3, s.accepted_version());
  st.setString(4, Content(s));
  // The report's lateness is its first version's: mirrored while version 1 changes (NULL until it
  // arrives, or again after a return with a correction deadline), kept through reopenings.
  st.setInt(5, s.version());
  if (s.has_submit_time()) {
    st.setInt(6, s.days_late());
  } else {
    st.setNull(6, sql::DataType::INTEGER);
  }
  // The report's row is locked already (read FOR UPDATE); the row's trigger then takes the feed's
  // and the shard's numbers, in the order an insert takes them.
  st.setInt64(7, s.id());
  st.executeUpdate();
  s = *LoadSubmission(conn, s.id(), false);
}

void SaveVersion(db::Connection& conn, const v1::Submission& s) {
  v1::Submission frozen = s;
  frozen.clear_history();
  frozen.clear_etag();  // an earlier version is read, never edited
  auto& st = conn.Prepare(
      "INSERT INTO submission_versions (submission_id, version, content) VALUES (?, ?, ?)"
      " ON DUPLICATE KEY UPDATE content = VALUES(content)");
  st.setInt64(1, s.id());
  st.setInt(2, s.version());
  st.setString(3, frozen.SerializeAsString());
  st.executeUpdate();
}

std::optional<v1::Submission> LoadVersion(db::Connection& conn, int64_t id, int version) {
  auto& select = conn.Prepare(
      "SELECT content FROM submission_versions WHERE submission_id = ? AND version = ?");
  select.setInt64(1, id);
  select.setInt(2, version);
  Rows rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  v1::Submission s;
  (void)s.ParseFromString(db::Bytes(*rows, 1));
  return s;
}

void AddEvent(db::Connection& conn, const server::Call& call, int64_t id, int version,
              v1::SubmissionEvent::Action action, const std::string& reason) {
  auto& st = conn.Prepare(
      "INSERT INTO submission_events (submission_id, version, action, subject,"
      " acting_organization_id, reason) VALUES (?, ?, ?, ?, ?, ?)");
  st.setInt64(1, id);
  st.setInt(2, version);
  st.setInt(3, action);
  st.setString(4, call.principal.subject);
  st.setInt64(5, call.principal.organization_id);
  st.setString(6, reason);
  st.executeUpdate();
}

void AddEvents(db::Connection& conn, const server::Call& call, int64_t id, int version,
               const std::vector<v1::SubmissionEvent::Action>& actions) {
  std::string sql =
      "INSERT INTO submission_events (submission_id, version, action, subject,"
      " acting_organization_id, reason) VALUES ";
  for (size_t i = 0; i < actions.size(); ++i)
    absl::StrAppend(&sql, i ? ", " : "", "(?, ?, ?, ?, ?, '')");
  auto& st = conn.Prepare(sql);
  for (size_t i = 0; i < actions.size(); ++i) {
    const int at = static_cast<int>(5 * i);
    st.setInt64(at + 1, id);
    st.setInt(at + 2, version);
    st.setInt(at + 3, actions[i]);
    st.setString(at + 4, call.principal.subject);
    st.setInt64(at + 5, call.principal.organization_id);
  }
  st.executeUpdate();
}

std::vector<v1::SubmissionEvent> LoadEvents(db::Connection& conn, int64_t id, int version) {
  auto& select = conn.Prepare(
      "SELECT action, version, at, subject, acting_organization_id, reason"
      " FROM submission_events WHERE submission_id = ? AND version = ? ORDER BY id");
  select.setInt64(1, id);
  select.setInt(2, version);
  Rows rows(select.executeQuery());
  std::vector<v1::SubmissionEvent> out;
  while (rows->next()) {
    v1::SubmissionEvent e;
    e.set_action(static_cast<v1::SubmissionEvent::Action>(rows->getInt(1)));
    e.set_version(rows->getInt(2));
    db::SetTime(*rows, 3, e.mutable_time());
    e.set_subject(rows->getString(4));
    e.set_acting_organization_id(rows->getInt64(5));
    e.set_reason(rows->getString(6));
    out.push_back(std::move(e));
  }
  return out;
}

void ReplaceAcceptedFigures(db::Connection& conn, const v1::Submission& s,
                            const IndicatorLookup& lookup) {
  auto& remove = conn.Prepare("DELETE FROM accepted_figures WHERE submission_id = ?");
  remove.setInt64(1, s.id());
  remove.executeUpdate();
  auto& insert = conn.Prepare(
      "INSERT INTO accepted_figures (obligation_id, period_key, indicator_code, category_code,"
      " organization_id, submission_id, version, number, yes, estimated)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& f : s.figures()) {
    const v1::Indicator* indicator = lookup(f.indicator_code());
    if (indicator == nullptr || indicator->value_type() == v1::TEXT) continue;
    insert.setInt64(1, s.obligation_id());
    insert.setString(2, s.period_key());
    insert.setString(3, f.indicator_code());
    insert.setString(4, f.category_code());
    insert.setInt64(5, s.organization_id());
    insert.setInt64(6, s.id());
    insert.setInt(7, s.version());
    if (f.has_number()) {
      insert.setString(8, f.number().value());  // exact: DECIMAL reads the text
    } else {
      insert.setNull(8, sql::DataType::DECIMAL);
    }
    if (f.has_yes()) {
      insert.setInt(9, f.yes() ? 1 : 0);
    } else {
      insert.setNull(9, sql::DataType::TINYINT);
    }
    insert.setInt(10, f.estimated() ? 1 : 0);
    insert.executeUpdate();
  }
}

std::vector<v1::Submission> ListSubmissions(db::Connection& conn,
                                            const v1::ListSubmissionsRequest& filter,
                                            int64_t after_id, int limit) {
  // States are enum numbers, checked by the service: joined literally they inject nothing.
  std::string states;
  for (int state : filter.states()) absl::StrAppend(&states, states.empty() ? "" : ",", state);
  const std::string sql =
      absl::StrCat(kColumns,
                   // What is addressed to a unit excludes drafts that never left their unit.
                   " WHERE (? = 0 OR ((recipient_organization_id = ? OR via_organization_id = ?)"
                   " AND (state <> 1 OR version > 1)))"
                   " AND (? = 0 OR organization_id = ?) AND (? = 0 OR obligation_id = ?)"
                   " AND (? = '' OR period_key = ?)",
                   states.empty() ? "" : absl::StrCat(" AND state IN (", states, ")"),
                   " AND id > ? ORDER BY id LIMIT ?");
  auto& select = conn.Prepare(sql);
  const int64_t to = filter.addressed_to_organization_id();
  select.setInt64(1, to);
  select.setInt64(2, to);
  select.setInt64(3, to);
  select.setInt64(4, filter.organization_id());
  select.setInt64(5, filter.organization_id());
  select.setInt64(6, filter.obligation_id());
  select.setInt64(7, filter.obligation_id());
  select.setString(8, filter.period_key());
  select.setString(9, filter.period_key());
  select.setInt64(10, after_id);
  select.setInt(11, limit);
  Rows rows(select.executeQuery());
  std::vector<v1::Submission> out;
  while (rows->next()) {
    v1::Submission s = Read(*rows);
    s.clear_figures();
    s.clear_narrative();
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

constexpr char kReportStateColumns[] =
    "SELECT id, organization_id, state, accepted_version, days_late, period_seq FROM submissions";

ReportState ReadReportState(sql::ResultSet& rows) {
  ReportState r;
  r.submission_id = rows.getInt64(1);
  r.organization_id = rows.getInt64(2);
  r.state = static_cast<v1::SubmissionState>(rows.getInt(3));
  r.accepted_version = rows.getInt(4);
  if (!rows.isNull(5)) r.days_late = rows.getInt(5);
  r.period_seq = rows.getInt64(6);
  return r;
}

}  // namespace

std::vector<ReportState> ReportsOf(db::Connection& conn, int64_t obligation,
                                   const std::string& period_key) {
  auto& select = conn.Prepare(
      absl::StrCat(kReportStateColumns, " WHERE obligation_id = ? AND period_key = ?"));
  select.setInt64(1, obligation);
  select.setString(2, period_key);
  Rows rows(select.executeQuery());
  std::vector<ReportState> out;
  while (rows->next()) out.push_back(ReadReportState(*rows));
  return out;
}

ShardRevisions PeriodShardRevisions(db::Connection& conn, int64_t obligation,
                                    const std::string& period_key) {
  auto& select = conn.Prepare(
      "SELECT shard, revision FROM period_revisions WHERE obligation_id = ? AND period_key = ?");
  select.setInt64(1, obligation);
  select.setString(2, period_key);
  Rows rows(select.executeQuery());
  ShardRevisions at{};
  while (rows->next()) {
    const int shard = rows->getInt(1);
    if (shard >= 0 && shard < kPeriodShards) at[shard] = rows->getInt64(2);
  }
  return at;
}

std::vector<ReportState> ReportsChangedSince(db::Connection& conn, int64_t obligation,
                                             const std::string& period_key,
                                             const ShardRevisions& since,
                                             const ShardRevisions& at) {
  // One range of the index from the lowest number a moved shard had: a shard that did not move
  // (one still at 0, as a small obligation's are) does not widen it.
  std::optional<int64_t> from;
  for (int shard = 0; shard < kPeriodShards; ++shard) {
    if (at[shard] > since[shard]) from = std::min(from.value_or(since[shard]), since[shard]);
  }
  if (!from) return {};
  auto& select = conn.Prepare(absl::StrCat(
      kReportStateColumns, " WHERE obligation_id = ? AND period_key = ? AND period_seq > ?"));
  select.setInt64(1, obligation);
  select.setString(2, period_key);
  select.setInt64(3, *from);
  Rows rows(select.executeQuery());
  std::vector<ReportState> out;
  while (rows->next()) {
    ReportState r = ReadReportState(*rows);
    if (r.period_seq > since[ShardOf(r.organization_id)]) out.push_back(r);  // else seen already
  }
  return out;
}

namespace {

std::vector<UnitFigure> ReadFigures(sql::PreparedStatement& select,
                                    const std::string& indicator_code) {
  Rows rows(select.executeQuery());
  std::vector<UnitFigure> out;
  while (rows->next()) {
    UnitFigure f;
    f.organization_id = rows->getInt64(1);
    f.indicator_code = indicator_code;
    f.category_code = rows->getString(2);
    if (!rows->isNull(3)) f.number = Micros::FromText(std::string(rows->getString(3)));
    if (!rows->isNull(4)) f.yes = rows->getInt(4) != 0;
    f.estimated = rows->getInt(5) != 0;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::vector<UnitFigure> AcceptedFiguresOf(db::Connection& conn, int64_t obligation,
                                          const std::string& period_key,
                                          const std::string& indicator_code) {
  auto& select = conn.Prepare(
      "SELECT organization_id, category_code, number, yes, estimated FROM accepted_figures"
      " WHERE obligation_id = ? AND period_key = ? AND indicator_code = ?");
  select.setInt64(1, obligation);
  select.setString(2, period_key);
  select.setString(3, indicator_code);
  return ReadFigures(select, indicator_code);
}

std::vector<UnitFigure> AcceptedFiguresOfReports(db::Connection& conn,
                                                 const std::string& indicator_code,
                                                 const std::vector<int64_t>& submission_ids) {
  std::vector<UnitFigure> out;
  // A few statement sizes only, each prepared once per connection (one per count would pile up
  // prepared statements on the server): a batch is padded with its last id, which an IN list
  // matches once however often it is named.
  constexpr size_t kSizes[] = {1, 8, 64, 512};
  for (size_t from = 0; from < submission_ids.size();) {
    const size_t left = submission_ids.size() - from;
    size_t size = 0;
    for (size_t candidate : kSizes) {
      size = candidate;
      if (candidate >= left) break;
    }
    const size_t n = std::min(size, left);
    std::string marks(2 * size - 1, ',');
    for (size_t k = 0; k < size; ++k) marks[2 * k] = '?';
    auto& select = conn.Prepare(absl::StrCat(
        "SELECT organization_id, category_code, number, yes, estimated FROM accepted_figures"
        " WHERE indicator_code = ? AND submission_id IN (",
        marks, ")"));
    select.setString(1, indicator_code);
    for (size_t k = 0; k < size; ++k) {
      select.setInt64(static_cast<int>(k + 2), submission_ids[from + std::min(k, n - 1)]);
    }
    auto batch = ReadFigures(select, indicator_code);
    std::move(batch.begin(), batch.end(), std::back_inserter(out));
    from += n;
  }
  return out;
}

std::vector<UnitFigure> SubmittedFiguresOf(db::Connection& conn, int64_t obligation,
                                           const std::string& period_key,
                                           const std::set<std::string>& codes) {
  auto& select = conn.Prepare(
      absl::StrCat(kColumns, " WHERE obligation_id = ? AND period_key = ? AND state = ?"));
  select.setInt64(1, obligation);
  select.setString(2, period_key);
  select.setInt(3, v1::SUBMITTED);
  Rows rows(select.executeQuery());
  std::vector<UnitFigure> out;
  while (rows->next()) {
    const v1::Submission s = Read(*rows);
    for (const auto& figure : s.figures()) {
      if (!codes.contains(figure.indicator_code())) continue;
      UnitFigure f;
      f.organization_id = s.organization_id();
      f.indicator_code = figure.indicator_code();
      f.category_code = figure.category_code();
      if (figure.has_number()) f.number = Micros::FromText(figure.number().value());
      if (figure.has_yes()) f.yes = figure.yes();
      f.estimated = figure.estimated();
      if (f.number || f.yes) out.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<FedSubmission> ChangesOf(db::Connection& conn, int64_t organization, int64_t after,
                                     int limit) {
  auto& select = conn.Prepare(
      "SELECT id, state, version, accepted_version, revision, content, update_time, feed_seq"
      " FROM submissions WHERE organization_id = ? AND feed_seq > ? ORDER BY feed_seq LIMIT ?");
  select.setInt64(1, organization);
  select.setInt64(2, after);
  select.setInt(3, limit);
  Rows rows(select.executeQuery());
  std::vector<FedSubmission> out;
  while (rows->next()) {
    FedSubmission fed{Read(*rows), rows->getInt64(8)};
    fed.submission.clear_figures();
    fed.submission.clear_narrative();
    out.push_back(std::move(fed));
  }
  return out;
}

std::vector<v1::Submission> OwnReportsOf(db::Connection& conn, int64_t organization) {
  // The content (for what a reviewer asked to correct) of returned reports only.
  auto& select = conn.Prepare(
      "SELECT id, obligation_id, period_key, state, revision, IF(state = ?, content, NULL),"
      " version FROM submissions WHERE organization_id = ?");
  select.setInt(1, v1::RETURNED);
  select.setInt64(2, organization);
  Rows rows(select.executeQuery());
  std::vector<v1::Submission> out;
  while (rows->next()) {
    v1::Submission s;
    if (!rows->isNull(6)) (void)s.ParseFromString(db::Bytes(*rows, 6));
    s.clear_figures();
    s.clear_narrative();
    s.set_id(rows->getInt64(1));
    s.set_obligation_id(rows->getInt64(2));
    s.set_period_key(rows->getString(3));
    s.set_state(static_cast<v1::SubmissionState>(rows->getInt(4)));
    s.set_etag(absl::StrCat("\"", rows->getInt64(5), "\""));
    s.set_version(rows->getInt(7));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace thidua::reporting::store
