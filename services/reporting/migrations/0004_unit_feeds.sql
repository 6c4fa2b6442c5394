-- The changes feed of each reporting unit (ListReportChanges): every write to one of a unit's
-- reports takes the next number of the unit's row here and records it on the report
-- (submissions.feed_seq). The row stays locked until the write commits, so a unit's numbers are
-- committed in their own order, and a reader resuming after number N can never miss a change
-- that commits later with a smaller one (auto-increment ids and timestamps can). Existing reports
-- take numbers in their id order.
CREATE TABLE unit_feeds (
  organization_id BIGINT NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL
) ENGINE=InnoDB;

ALTER TABLE submissions ADD COLUMN feed_seq BIGINT NOT NULL DEFAULT 0,
  ADD KEY submissions_feed (organization_id, feed_seq);

UPDATE submissions s JOIN (
  SELECT id, ROW_NUMBER() OVER (PARTITION BY organization_id ORDER BY id) AS n FROM submissions
) numbered ON numbered.id = s.id SET s.feed_seq = numbered.n;

INSERT INTO unit_feeds (organization_id, seq)
  SELECT organization_id, MAX(feed_seq) FROM submissions GROUP BY organization_id;
