-- The registry's schema. Open dates use sentinels so that date columns can join keys and indexes:
-- 1000-01-01 means "since before the registry's records", 9999-12-31 means "still valid".

CREATE TABLE organizations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind SMALLINT NOT NULL,
  short_name VARCHAR(200) NOT NULL DEFAULT '',
  area_id BIGINT NOT NULL DEFAULT 0,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  address VARCHAR(500) NOT NULL DEFAULT '',
  phone VARCHAR(50) NOT NULL DEFAULT '',
  email VARCHAR(200) NOT NULL DEFAULT '',
  website VARCHAR(300) NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY organizations_kind (kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Name and managing parent change over time (rename, move): one row per period.
CREATE TABLE organization_versions (
  organization_id BIGINT NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  display_name VARCHAR(500) NOT NULL,
  search_name VARCHAR(500) NOT NULL,
  parent_id BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, valid_from),
  KEY organization_versions_parent (parent_id, valid_from),
  KEY organization_versions_search (search_name(100))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organization_codes (
  organization_id BIGINT NOT NULL,
  scheme SMALLINT NOT NULL,
  value VARCHAR(50) NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  PRIMARY KEY (organization_id, scheme, value, valid_from),
  KEY organization_codes_value (scheme, value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organization_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  type SMALLINT NOT NULL,
  effective_date DATE NOT NULL,
  legal_basis VARCHAR(300) NOT NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  recorded_by VARCHAR(200) NOT NULL,
  record_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organization_event_participants (
  event_id BIGINT NOT NULL,
  organization_id BIGINT NOT NULL,
  role VARCHAR(20) NOT NULL,
  share SMALLINT NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, organization_id, role),
  KEY event_participants_organization (organization_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organization_lineage (
  predecessor_id BIGINT NOT NULL,
  successor_id BIGINT NOT NULL,
  share SMALLINT NOT NULL,
  event_id BIGINT NOT NULL,
  effective_date DATE NOT NULL,
  PRIMARY KEY (predecessor_id, successor_id, event_id),
  KEY organization_lineage_successor (successor_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organization_groups (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(500) NOT NULL,
  search_name VARCHAR(500) NOT NULL,
  description VARCHAR(4000) NOT NULL DEFAULT '',
  owner_id BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY organization_groups_owner (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE group_members (
  group_id BIGINT NOT NULL,
  organization_id BIGINT NOT NULL,
  valid_from DATE NOT NULL,
  valid_to DATE NOT NULL,
  PRIMARY KEY (group_id, organization_id, valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every committed write appends here; replicas follow the sequence to refresh their read models.
CREATE TABLE changes (
  seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity VARCHAR(20) NOT NULL,
  entity_id BIGINT NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE reference_imports (
  dataset VARCHAR(100) NOT NULL PRIMARY KEY,
  checksum CHAR(64) NOT NULL,
  summary VARCHAR(1000) NOT NULL,
  imported_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
  method VARCHAR(100) NOT NULL,
  request_id VARCHAR(100) NOT NULL,
  response LONGBLOB NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (method, request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

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
