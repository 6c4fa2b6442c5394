-- Each task of an issued plan as its own row (the Task message with its plan's symbol and title),
-- so that a unit's listing across plans reads the page it returns by primary key instead of the
-- whole content of every plan it appears in. Written with task_assignments whenever a plan is
-- issued, amended or closed; at start-up the service fills it for plans issued before it existed.
CREATE TABLE tasks (
  task_id BIGINT NOT NULL PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  content BLOB NOT NULL,
  KEY tasks_plan (plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
