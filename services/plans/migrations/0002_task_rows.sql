-- Each task of an issued plan as its own row (the Task message with its plan's symbol and title),
-- so that a unit's listing across plans reads the page it returns by primary key instead of the
-- whole content of every plan it appears in. Written with task_assignments whenever a plan is
-- issued, amended or closed; at start-up the service fills both for issued plans lacking them.
CREATE TABLE tasks (
  task_id BIGINT NOT NULL PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  content BLOB NOT NULL,
  KEY tasks_plan (plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Assignments keyed for "by next deadline" without reading them all. A deadline is either fixed
-- (a date; a month of a given year, as its last day) and indexed by date, or recurring (a day and
-- month, or a month, every year) and indexed by month × 100 + day (31 for "in the month"): the
-- next deadline of a recurring rule is this year's when that key is not before today's, else next
-- year's. So a page in deadline order merges three short index ranges. Rebuilt from the plans'
-- content at start-up.
DROP TABLE task_assignments;
CREATE TABLE task_assignments (
  organization_id BIGINT NOT NULL,
  task_id BIGINT NOT NULL,
  plan_id BIGINT NOT NULL,
  lead TINYINT NOT NULL,
  due_kind SMALLINT NOT NULL,   -- 0 none, 1 date, 2 day and month yearly, 3 month yearly, 4 month of a year
  due_date DATE NULL,           -- kinds 1 and 4
  due_md SMALLINT NOT NULL,     -- kinds 2 and 3; 0 otherwise
  PRIMARY KEY (organization_id, task_id),
  KEY task_assignments_fixed (organization_id, due_date, task_id, due_kind, lead),
  KEY task_assignments_recurring (organization_id, due_md, task_id, due_kind, lead),
  KEY task_assignments_plan (plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
