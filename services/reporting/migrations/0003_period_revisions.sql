-- How far each period's reports have moved on: every write to a report of (obligation, period)
-- adds one to the row of its unit's shard, in the same transaction. Roll-ups keep what they read
-- of a period (its reports' states, its accepted figures) under the sum of the period's rows, and
-- read that sum once per call: an unchanged sum means nothing changed, on any replica. The
-- sixteen shards keep a deadline-day burst of submissions from queueing on one row lock.
CREATE TABLE period_revisions (
  obligation_id BIGINT NOT NULL,
  period_key VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  shard TINYINT NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (obligation_id, period_key, shard)
) ENGINE=InnoDB;
