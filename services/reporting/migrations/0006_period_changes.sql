-- Which change of its period each report saw last: the number its unit's shard of
-- period_revisions reached in the write's transaction. That row stays locked until the write
-- commits, so within a shard the numbers commit in their order, and a roll-up that read a period
-- when its shards stood at N[0..15] brings what it read up to date by reading only the reports
-- with period_seq > N[organization_id % 16] (and their accepted figures), not the whole period.
-- Reports written before this column count as change 0: a roll-up reads them whole first.
ALTER TABLE submissions ADD COLUMN period_seq BIGINT NOT NULL DEFAULT 0,
  ADD KEY submissions_period_changes (obligation_id, period_key, period_seq);
