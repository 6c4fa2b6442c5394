#include "services/plans/store/task_store.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/batch.h"
#include "common/db/bytes.h"
#include "common/log.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/sql_values.h"

namespace thidua::plans::store {
namespace {

using Rows = std::unique_ptr<sql::ResultSet>;

// task_assignments.due_kind (see migration 0002).
constexpr int kNoDeadline = 0, kFixedDate = 1, kYearly = 2, kEveryYearInMonth = 3,
              kInMonthOfYear = 4;

// A due rule as task_assignments indexes it: a fixed date, or a recurring month × 100 + day.
struct IndexedDue {
  int kind = kNoDeadline;
  std::string date;  // "YYYY-MM-DD" of a fixed deadline
  int md = 0;
};

IndexedDue Indexed(const v1::DueRule& due) {
  if (due.has_date()) {
    const std::string date = Iso(due.date());
    return date.empty() ? IndexedDue{} : IndexedDue{kFixedDate, date, 0};
  }
  if (due.has_yearly()) return {kYearly, "", due.yearly().month() * 100 + due.yearly().day()};
  if (due.has_in_month()) {
    const int month = due.in_month().month();
    const int year = due.in_month().year();
    if (year == 0) return {kEveryYearInMonth, "", month * 100 + 31};
    const auto last = DueRule::InMonth(month, year).DeadlineIn(year);
    return last ? IndexedDue{kInMonthOfYear, ToIso(*last), 0} : IndexedDue{};
  }
  return {};
}

void DeleteIndex(db::Connection& conn, int64_t plan_id) {
  for (const char* sql :
       {"DELETE FROM task_assignments WHERE plan_id = ?", "DELETE FROM tasks WHERE plan_id = ?",
        "DELETE FROM plan_references WHERE plan_id = ?"}) {
    auto& del = conn.Prepare(sql);
    del.setInt64(1, plan_id);
    del.executeUpdate();
  }
}

void IndexReferences(db::Connection& conn, const v1::Plan& plan) {
  std::vector<std::pair<int64_t, int>> refs;  // (document, relation: 1 implements, 2 basis)
  for (int64_t doc : plan.implements_document_ids()) refs.emplace_back(doc, 1);
  for (int64_t doc : plan.legal_basis_document_ids()) refs.emplace_back(doc, 2);
  db::InsertRows(conn, "INSERT IGNORE INTO plan_references (plan_id, document_id, relation) VALUES",
                 "(?, ?, ?)", 3, refs.size(), [&](sql::PreparedStatement& st, int at, size_t i) {
                   st.setInt64(at, plan.id());
                   st.setInt64(at + 1, refs[i].first);
                   st.setInt(at + 2, refs[i].second);
                 });
}

void IndexTasks(db::Connection& conn, const v1::Plan& plan) {
  std::vector<std::string> contents;
  contents.reserve(plan.tasks_size());
  for (const v1::Task& task : plan.tasks()) {
    v1::Task row = task;
    row.clear_statuses();
    row.clear_notes();
    row.clear_next_deadline();
    row.set_plan_symbol(plan.symbol());
    row.set_plan_title(plan.title());
    contents.push_back(row.SerializeAsString());
  }
  db::InsertRows(conn, "INSERT INTO tasks (task_id, plan_id, content) VALUES", "(?, ?, ?)", 3,
                 contents.size(), [&](sql::PreparedStatement& st, int at, size_t i) {
                   st.setInt64(at, plan.tasks(static_cast<int>(i)).id());
                   st.setInt64(at + 1, plan.id());
                   st.setString(at + 2, contents[i]);
                 });

  std::vector<IndexedDue> dues;  // by task position
  for (const v1::Task& task : plan.tasks()) dues.push_back(Indexed(task.due()));
  struct Row {
    int64_t organization;
    int task;  // position in the plan
    bool lead;
  };
  std::vector<Row> rows;
  for (int t = 0; t < plan.tasks_size(); ++t) {
    const v1::Task& task = plan.tasks(t);
    if (task.lead_organization_id() != 0) rows.push_back({task.lead_organization_id(), t, true});
    for (int64_t c : task.coordinating_organization_ids()) {
      // A unit both leading and coordinating one task keeps its lead row (INSERT IGNORE).
      if (c != 0) rows.push_back({c, t, false});
    }
  }
  db::InsertRows(conn,
                 "INSERT IGNORE INTO task_assignments (organization_id, task_id, plan_id, lead,"
                 " due_kind, due_date, due_md) VALUES",
                 "(?, ?, ?, ?, ?, ?, ?)", 7, rows.size(),
                 [&](sql::PreparedStatement& st, int at, size_t i) {
                   const Row& r = rows[i];
                   const IndexedDue& due = dues[r.task];
                   st.setInt64(at, r.organization);
                   st.setInt64(at + 1, plan.tasks(r.task).id());
                   st.setInt64(at + 2, plan.id());
                   st.setInt(at + 3, r.lead ? 1 : 0);
                   st.setInt(at + 4, due.kind);
                   if (due.date.empty()) {
                     st.setNull(at + 5, sql::DataType::DATE);
                   } else {
                     st.setString(at + 5, due.date);
                   }
                   st.setInt(at + 6, due.md);
                 });
}

// Starts of the index ranges DatedAssignments reads, each exclusive: (due_date, task_id) in
// task_assignments_fixed, (due_md, task_id) in task_assignments_recurring.
using FixedStart = std::pair<absl::CivilDay, int64_t>;
using RecurringStart = std::pair<int, int64_t>;
constexpr int64_t kBeforeEveryTask = 0;  // task ids start at 1
constexpr int64_t kAfterEveryTask = std::numeric_limits<int64_t>::max();
constexpr int kAboveEveryMonthDay = 10000;

int MonthDay(absl::CivilDay day) {
  return static_cast<int>(day.month()) * 100 + static_cast<int>(day.day());
}

// The fixed dates after `after`, from `today` on.
FixedStart FixedAfter(absl::CivilDay today, const std::optional<DatedKey>& after) {
  const FixedStart from{today, kBeforeEveryTask};
  if (!after) return from;
  // A day's fixed dates (due_md 0) precede its recurring rules: after one of those, none is left.
  return std::max(from, {after->next, after->due_md == 0 ? after->task_id : kAfterEveryTask});
}

// The recurring rules whose next deadline falls in `year` after `after`, from `from` on; nullopt
// when all come before it. Within a year a rule's deadline never decreases as due_md grows (it is
// its day, or the last day of its month), so (next deadline, due_md, task id) is the index's
// (due_md, task_id) order and a cursor in the one is a cursor in the other.
std::optional<RecurringStart> RecurringAfter(int year, RecurringStart from,
                                             const std::optional<DatedKey>& after) {
  if (!after || after->next.year() < year) return from;
  if (after->next.year() > year) return std::nullopt;
  // After a fixed date come all the rules due that day or later: from its month and day on.
  const RecurringStart key = after->due_md == 0
                                 ? RecurringStart{MonthDay(after->next), kBeforeEveryTask}
                                 : RecurringStart{after->due_md, after->task_id};
  return std::max(from, key);
}

// Binds the ids to a statement whose only markers are an IN list of PaddedCount(ids) markers,
// repeating the last id in the padding.
void BindIds(sql::PreparedStatement& select, const std::vector<int64_t>& ids) {
  const size_t padded = db::PaddedCount(ids.size());
  for (size_t i = 0; i < padded; ++i) {
    select.setInt64(static_cast<int>(i) + 1, ids[std::min(i, ids.size() - 1)]);
  }
}

// Reads rows of (task id, content, then one status: organization, year, state, done date) into
// tasks appended to `out`, each with its statuses ordered by (year, organization). A task without
// statuses comes once with NULLs, one with statuses once per status, in any order: no ORDER BY,
// since sorting rows that carry the content blob makes the server write a temporary table to disk
// on every call. `first_row(id, parsed)` sees each task's first row, for the caller's own columns;
// a task whose content is missing or does not parse (stored data gone bad) is logged and left out.
void ReadTasks(sql::ResultSet& rows, std::vector<v1::Task>& out,
               absl::FunctionRef<void(int64_t, bool)> first_row) {
  const size_t first = out.size();
  absl::flat_hash_map<int64_t, std::optional<size_t>> at;  // task id → index in out, if parsed
  while (rows.next()) {
    const int64_t id = rows.getInt64(1);
    auto [it, is_new] = at.try_emplace(id);
    if (is_new) {
      // Parsed in place: a message moved is a message swapped, and pages hold a thousand.
      const bool parsed = !rows.isNull(2) && out.emplace_back().ParseFromString(db::Bytes(rows, 2));
      if (parsed) {
        it->second = out.size() - 1;
      } else {
        if (!rows.isNull(2)) out.pop_back();
        log::Error("a task's stored content is missing or does not parse", {{"task_id", id}});
      }
      first_row(id, parsed);
    }
    if (!it->second || rows.isNull(3)) continue;
    auto* status = out[*it->second].add_statuses();
    status->set_organization_id(rows.getInt64(3));
    status->set_year(rows.getInt(4));
    status->set_state(static_cast<v1::TaskState>(rows.getInt(5)));
    *status->mutable_done_date() = DateOf(rows, 6);
  }
  for (size_t i = first; i < out.size(); ++i) {
    auto& statuses = *out[i].mutable_statuses();
    std::sort(statuses.begin(), statuses.end(),
              [](const v1::AssigneeStatus& a, const v1::AssigneeStatus& b) {
                return std::pair(a.year(), a.organization_id()) <
                       std::pair(b.year(), b.organization_id());
              });
  }
}

}  // namespace

void IndexPlan(db::Connection& conn, const v1::Plan& plan) {
  DeleteIndex(conn, plan.id());
  IndexReferences(conn, plan);
  if (plan.status() == v1::ISSUED) IndexTasks(conn, plan);
}

void IndexNewPlan(db::Connection& conn, const v1::Plan& plan) { IndexReferences(conn, plan); }

absl::Status IndexPlansMissingTaskRows(db::Pool& pool) {
  std::vector<int64_t> missing;
  absl::Status found = pool.Run(absl::InfiniteFuture(), [&](db::Connection& conn) {
    Rows rows(conn.Prepare("SELECT p.id FROM plans p WHERE p.status = 2 AND NOT EXISTS"
                           " (SELECT 1 FROM tasks t WHERE t.plan_id = p.id)")
                  .executeQuery());
    while (rows->next()) missing.push_back(rows->getInt64(1));
    return absl::OkStatus();
  });
  if (!found.ok()) return found;
  for (int64_t id : missing) {
    absl::Status indexed = pool.Transact(absl::InfiniteFuture(), [&](db::Connection& conn) {
      if (auto plan = LoadPlan(conn, id, 0)) IndexPlan(conn, *plan);
      return absl::OkStatus();
    });
    if (!indexed.ok()) return indexed;
  }
  return absl::OkStatus();
}

DatedTasks NextDatedTasks(db::Connection& conn, int64_t organization_id, bool lead_only,
                          absl::CivilDay today, const std::optional<DatedKey>& after, int limit) {
  const int today_md = MonthDay(today);
  const int year = static_cast<int>(today.year());
  const FixedStart fixed = FixedAfter(today, after);
  // Due this year: from today's month and day on. Due next year: before them.
  const auto this_year = RecurringAfter(year, {today_md, kBeforeEveryTask}, after);
  const auto next_year = RecurringAfter(year + 1, {0, kAfterEveryTask}, after);
  // One round trip. Each of the three ranges is a short range of its index read in order from
  // the cursor on (the OR is two intervals of the index, not a filter); the server merges them by
  // next deadline, keeps the first `limit` and joins only those to their content and statuses.
  // The indexes are forced: left to itself the optimizer walks the unit's whole index from due_md
  // 0 to satisfy the ORDER BY. A recurring rule's deadline in a year is its day, or its month's
  // last day when the month is shorter (29/2 in a common year, "in the month" as day 31), as
  // DueRule::DeadlineIn computes it; the caller orders the page by DueRule itself.
  const std::string recurring = absl::StrCat(
      " UNION ALL (SELECT task_id, due_md, LEAST(LAST_DAY(MAKEDATE(?, 1) + INTERVAL",
      " (due_md DIV 100 - 1) MONTH), MAKEDATE(?, 1) + INTERVAL (due_md DIV 100 - 1) MONTH",
      " + INTERVAL (due_md MOD 100 - 1) DAY) AS next",
      " FROM task_assignments FORCE INDEX (task_assignments_recurring)",
      " WHERE organization_id = ? AND (due_md > ? OR (due_md = ? AND task_id > ?))",
      " AND due_md < ? AND lead >= ? ORDER BY due_md, task_id LIMIT ?)");
  auto& select = conn.Prepare(absl::StrCat(
      "SELECT a.task_id, t.content, s.organization_id, s.year, s.state, s.done_date, a.due_md,"
      " a.next",
      " FROM (SELECT task_id, due_md, next FROM (",
      "(SELECT task_id, 0 AS due_md, due_date AS next",
      " FROM task_assignments FORCE INDEX (task_assignments_fixed)",
      " WHERE organization_id = ? AND (due_date > ? OR (due_date = ? AND task_id > ?))",
      " AND lead >= ? ORDER BY due_date, task_id LIMIT ?)", recurring, recurring,
      ") u ORDER BY next, due_md, task_id LIMIT ?) a",
      " LEFT JOIN tasks t ON t.task_id = a.task_id",
      " LEFT JOIN task_statuses s ON s.task_id = a.task_id"));
  const int lead = lead_only ? 1 : 0;
  const std::string fixed_date = ToIso(fixed.first);
  int at = 1;
  select.setInt64(at++, organization_id);
  select.setString(at++, fixed_date);
  select.setString(at++, fixed_date);
  select.setInt64(at++, fixed.second);
  select.setInt(at++, lead);
  select.setInt(at++, limit);
  for (const auto& [range, range_year, below] : {std::tuple(this_year, year, kAboveEveryMonthDay),
                                                 std::tuple(next_year, year + 1, today_md)}) {
    const RecurringStart start = range.value_or(RecurringStart{0, 0});
    select.setInt(at++, range_year);
    select.setInt(at++, range_year);
    select.setInt64(at++, organization_id);
    select.setInt(at++, start.first);
    select.setInt(at++, start.first);
    select.setInt64(at++, start.second);
    select.setInt(at++, below);
    select.setInt(at++, lead);
    select.setInt(at++, range ? limit : 0);  // a range wholly before the cursor reads nothing
  }
  select.setInt(at++, limit);
  Rows rows(select.executeQuery());
  DatedTasks out;
  out.tasks.reserve(static_cast<size_t>(limit));
  int selected = 0;
  ReadTasks(*rows, out.tasks, [&](int64_t id, bool parsed) {
    ++selected;
    const DatedKey key{ParseIso(std::string(rows->getString(8))).value_or(absl::CivilDay()),
                       rows->getInt(7), id};
    if (std::tie(key.next, key.due_md, key.task_id) >
        std::tie(out.last.next, out.last.due_md, out.last.task_id)) {
      out.last = key;
    }
    if (parsed) out.due_md.push_back(key.due_md);
  });
  out.more = selected == limit;
  return out;
}

std::vector<int64_t> UndatedTaskIds(db::Connection& conn, int64_t organization_id, bool lead_only,
                                    absl::CivilDay today, int64_t after_task_id, int limit) {
  auto& select = conn.Prepare(
      "SELECT task_id FROM task_assignments WHERE organization_id = ? AND task_id > ?"
      " AND lead >= ? AND due_md = 0 AND (due_date IS NULL OR due_date < ?)"
      " ORDER BY task_id LIMIT ?");
  select.setInt64(1, organization_id);
  select.setInt64(2, after_task_id);
  select.setInt(3, lead_only ? 1 : 0);
  select.setString(4, ToIso(today));
  select.setInt(5, limit);
  Rows rows(select.executeQuery());
  std::vector<int64_t> ids;
  while (rows->next()) ids.push_back(rows->getInt64(1));
  return ids;
}

std::vector<v1::Task> LoadTasks(db::Connection& conn, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  auto& select = conn.Prepare(
      "SELECT t.task_id, t.content, s.organization_id, s.year, s.state, s.done_date FROM tasks t"
      " LEFT JOIN task_statuses s ON s.task_id = t.task_id WHERE t.task_id IN " +
      db::Markers(db::PaddedCount(ids.size())));
  BindIds(select, ids);
  Rows rows(select.executeQuery());
  std::vector<v1::Task> read;
  read.reserve(ids.size());
  ReadTasks(*rows, read, [](int64_t, bool) {});
  absl::flat_hash_map<int64_t, v1::Task*> by_id;
  for (v1::Task& task : read) by_id.emplace(task.id(), &task);
  std::vector<v1::Task> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) out.push_back(std::move(*it->second));
  }
  return out;
}

std::optional<int64_t> PlanOfIssuedTask(db::Connection& conn, int64_t task_id) {
  auto& select = conn.Prepare("SELECT plan_id FROM tasks WHERE task_id = ?");
  select.setInt64(1, task_id);
  std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
  if (!rows->next()) return std::nullopt;
  return rows->getInt64(1);
}

}  // namespace thidua::plans::store
