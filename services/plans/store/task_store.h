#pragma once

#include <optional>
#include <vector>

#include "common/db/pool.h"
#include "services/plans/domain/due_rule.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::plans::store {

// The cross-plan index of tasks: which units each task of an issued plan assigns, and the task
// itself as a row. Functions run inside the caller's Pool transaction or read.

// Replaces the index rows of a plan by those of its current content: references always, tasks
// and assignments only while it is ISSUED (a closed plan assigns nothing any more).
void IndexPlan(db::Connection& conn, const v1::Plan& plan);
// The index rows of a plan just inserted (a DRAFT: its references only, nothing to replace).
void IndexNewPlan(db::Connection& conn, const v1::Plan& plan);
// Indexes the issued plans that have assignments but no task rows: those issued before the rows
// existed (migration 0002). Run once at start-up; a no-op on a database created since.
absl::Status IndexPlansMissingTaskRows(db::Pool& pool);

// A unit's dated assignments come in the order of (next deadline, due_md, task id). due_md breaks
// ties of one day as the recurring index reads them: "every 30 April" (430) before "in April"
// (431), both due on the 30th, and a fixed date (0) before either. Ordered by task id alone, a
// day's rules could not be read in order from one index range.
struct DatedKey {
  absl::CivilDay next;
  int due_md = 0;
  int64_t task_id = 0;
};
// The unit's first `limit` tasks (led, or unless lead_only also coordinated) with a deadline on
// or after `today`, strictly after `after` when given, in the order of DatedKey, each read whole
// as LoadTasks reads it, with its due_md as indexed (due_md[i] is that of tasks[i]). They come in
// any order: the caller orders them by DatedKey, the next deadline computed by DueRule.
struct DatedTasks {
  std::vector<v1::Task> tasks;
  std::vector<int> due_md;
  // The database had `limit` such tasks, whether or not each was read whole: the listing goes on
  // after `last`, the greatest of their keys, and has not reached the undated tasks yet.
  bool more = false;
  DatedKey last;
};
DatedTasks NextDatedTasks(db::Connection& conn, int64_t organization_id, bool lead_only,
                          absl::CivilDay today, const std::optional<DatedKey>& after, int limit);
// The unit's assignments without a deadline from `today` on (none, or a date already past), by
// task id, after `after_task_id`.
std::vector<int64_t> UndatedTaskIds(db::Connection& conn, int64_t organization_id, bool lead_only,
                                    absl::CivilDay today, int64_t after_task_id, int limit);
// The tasks with these ids, in the same order, each carrying its plan's symbol and title and
// every assignee's statuses.
std::vector<v1::Task> LoadTasks(db::Connection& conn, const std::vector<int64_t>& ids);
// The plan whose issued version holds the task, if any.
std::optional<int64_t> PlanOfIssuedTask(db::Connection& conn, int64_t task_id);

}  // namespace thidua::plans::store
