-- Every write of a report's row takes its unit's next feed number (0004_unit_feeds.sql) and its
-- period shard's next change number (0006_period_changes.sql) within the statement that writes
-- the row, instead of two round trips before it: a new report is 4 round trips (INSERT, events,
-- audit, COMMIT), and no write of a report can forget either number. Both rows stay locked until
-- the write commits, and are taken in the same order as before (feed, then shard, then the
-- report's own row for an insert; an update has read its report FOR UPDATE first). An insert that
-- meets a taken unique key is undone whole, numbers included. The shard is organization_id % 16,
-- as store::ShardOf reads it (kPeriodShards). A later migration or a repair that updates reports
-- moves their numbers too, as any change does: apps fetch those reports again and roll-ups read
-- them again. OR REPLACE: a run stopped between the two statements can be run again.
CREATE OR REPLACE TRIGGER submissions_numbers_on_insert BEFORE INSERT ON submissions FOR EACH ROW BEGIN
  INSERT INTO unit_feeds (organization_id, seq) VALUES (NEW.organization_id, 1)
    ON DUPLICATE KEY UPDATE seq = seq + 1;
  SET NEW.feed_seq = (SELECT seq FROM unit_feeds WHERE organization_id = NEW.organization_id);
  INSERT INTO period_revisions (obligation_id, period_key, shard, revision)
    VALUES (NEW.obligation_id, NEW.period_key, NEW.organization_id % 16, 1)
    ON DUPLICATE KEY UPDATE revision = revision + 1;
  SET NEW.period_seq = (SELECT revision FROM period_revisions WHERE obligation_id = NEW.obligation_id
    AND period_key = NEW.period_key AND shard = NEW.organization_id % 16);
END;

CREATE OR REPLACE TRIGGER submissions_numbers_on_update BEFORE UPDATE ON submissions FOR EACH ROW BEGIN
  INSERT INTO unit_feeds (organization_id, seq) VALUES (NEW.organization_id, 1)
    ON DUPLICATE KEY UPDATE seq = seq + 1;
  SET NEW.feed_seq = (SELECT seq FROM unit_feeds WHERE organization_id = NEW.organization_id);
  INSERT INTO period_revisions (obligation_id, period_key, shard, revision)
    VALUES (NEW.obligation_id, NEW.period_key, NEW.organization_id % 16, 1)
    ON DUPLICATE KEY UPDATE revision = revision + 1;
  SET NEW.period_seq = (SELECT revision FROM period_revisions WHERE obligation_id = NEW.obligation_id
    AND period_key = NEW.period_key AND shard = NEW.organization_id % 16);
END;
