-- The reporting service's schema, part 1: the catalogue (indicators, templates and their versions),
-- obligations and the working calendar, with the idempotency keys and the audit log every service
-- keeps. A definition is kept whole as its protobuf (`definition`); the columns beside it index
-- what is looked up or listed. Codes are compared byte for byte (ASCII, binary collation).

CREATE TABLE indicators (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  owner_organization_id BIGINT NOT NULL,
  display_name VARCHAR(300) NOT NULL,
  definition LONGBLOB NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY indicators_code (code),
  KEY indicators_owner (owner_organization_id, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE templates (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code VARCHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  owner_organization_id BIGINT NOT NULL,
  display_name VARCHAR(300) NOT NULL,
  current_version INT NOT NULL,
  UNIQUE KEY templates_code (code),
  KEY templates_owner (owner_organization_id, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every version ever published, never updated: a report names the version it was made on.
CREATE TABLE template_versions (
  template_id BIGINT NOT NULL,
  version INT NOT NULL,
  definition LONGBLOB NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (template_id, version)
) ENGINE=InnoDB;

CREATE TABLE obligations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(300) NOT NULL,
  issuer_organization_id BIGINT NOT NULL,
  recipient_organization_id BIGINT NOT NULL,
  via_organization_id BIGINT NOT NULL,
  template_id BIGINT NOT NULL,
  definition LONGBLOB NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY obligations_issuer (issuer_organization_id, id),
  KEY obligations_recipient (recipient_organization_id, id),
  KEY obligations_via (via_organization_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The working calendar, one row per year loaded: its days off and weekend days worked.
CREATE TABLE working_calendar_years (
  year INT NOT NULL PRIMARY KEY,
  definition BLOB NOT NULL,
  row_version BIGINT NOT NULL DEFAULT 1,
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

CREATE TABLE idempotency_keys (
  caller VARBINARY(230) NOT NULL,          -- "<organisation id>/<token subject>"
  method VARBINARY(100) NOT NULL,
  request_id VARBINARY(400) NOT NULL,        -- 100 code points of UTF-8
  fingerprint CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,  -- SHA-256 of the request
  response LONGBLOB NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (caller, method, request_id),
  KEY by_create_time (create_time)
) ENGINE=InnoDB;

CREATE TABLE audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  subject VARCHAR(200) NOT NULL,
  organization_id BIGINT NOT NULL,
  method VARCHAR(100) NOT NULL,
  request_id VARCHAR(100) NOT NULL,
  resource VARCHAR(200) NOT NULL,
  details JSON NOT NULL,
  KEY audit_log_resource (resource)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
