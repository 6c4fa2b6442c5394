-- Submissions: one row per obligation, period and reporting unit, holding its current version
-- whole as its protobuf (`content`); every version as it was last submitted or accepted
-- (`submission_versions`, never changed once its version is accepted); who did what and when
-- (`submission_events`); and the figures of each unit's accepted version, one row per figure, as
-- exact decimals, which roll-ups add up in SQL (`accepted_figures`).

CREATE TABLE submissions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  client_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  obligation_id BIGINT NOT NULL,
  period_key VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organization_id BIGINT NOT NULL,
  -- The obligation's, copied so that what is addressed to a unit is one index range.
  recipient_organization_id BIGINT NOT NULL,
  via_organization_id BIGINT NOT NULL,
  state TINYINT NOT NULL,
  version INT NOT NULL,
  accepted_version INT NOT NULL DEFAULT 0,
  -- Vietnam days late of the report's first arrival (NULL: never submitted), for completeness;
  -- kept when a version is reopened, set afresh after a correction deadline.
  days_late INT NULL,
  revision BIGINT NOT NULL DEFAULT 1,  -- the etag: moves on at every change
  content MEDIUMBLOB NOT NULL,
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY submissions_client_id (client_id),
  UNIQUE KEY submissions_report (obligation_id, period_key, organization_id),
  KEY submissions_recipient (recipient_organization_id, obligation_id, period_key),
  KEY submissions_via (via_organization_id, obligation_id, period_key),
  KEY submissions_unit (organization_id, update_time)
) ENGINE=InnoDB;

CREATE TABLE submission_versions (
  submission_id BIGINT NOT NULL,
  version INT NOT NULL,
  content MEDIUMBLOB NOT NULL,
  PRIMARY KEY (submission_id, version)
) ENGINE=InnoDB;

CREATE TABLE submission_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  submission_id BIGINT NOT NULL,
  version INT NOT NULL,
  action TINYINT NOT NULL,
  at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  subject VARCHAR(200) NOT NULL,
  acting_organization_id BIGINT NOT NULL,
  reason VARCHAR(2000) NOT NULL DEFAULT '',
  KEY submission_events_submission (submission_id, version, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accepted_figures (
  obligation_id BIGINT NOT NULL,
  period_key VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  indicator_code VARCHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  category_code VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  organization_id BIGINT NOT NULL,
  submission_id BIGINT NOT NULL,
  version INT NOT NULL,
  number DECIMAL(24, 6) NULL,   -- COUNT, AMOUNT, PERCENT
  yes TINYINT NULL,             -- YES_NO
  estimated TINYINT NOT NULL DEFAULT 0,
  PRIMARY KEY (obligation_id, period_key, indicator_code, category_code, organization_id),
  KEY accepted_figures_submission (submission_id)
) ENGINE=InnoDB;
