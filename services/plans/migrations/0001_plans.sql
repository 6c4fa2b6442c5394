-- The plans service's schema. A plan's full content (sections, tasks, targets, cascade) is kept as
-- its protobuf in `content`, one row per version, so an amended plan's earlier versions stay
-- readable exactly as issued; the tables beside it index what is queried across plans.

CREATE TABLE movements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(300) NOT NULL,
  search_name VARCHAR(300) NOT NULL,
  description VARCHAR(4000) NOT NULL DEFAULT '',
  launching_document_id BIGINT NOT NULL DEFAULT 0,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE documents (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  type SMALLINT NOT NULL,
  symbol VARCHAR(80) NOT NULL,
  issue_date DATE NOT NULL,
  issuing_body VARCHAR(300) NOT NULL,
  issuer_organization_id BIGINT NOT NULL DEFAULT 0,
  title VARCHAR(1000) NOT NULL DEFAULT '',
  search_text VARCHAR(1500) NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- Numbers are unique per issuing body only: two communes may both issue "01/KH-UBND" that day.
  UNIQUE KEY documents_symbol_date_issuer (symbol, issue_date, issuing_body(200))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE plans (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  issuer_organization_id BIGINT NOT NULL,
  movement_id BIGINT NOT NULL DEFAULT 0,
  status SMALLINT NOT NULL,
  version INT NOT NULL DEFAULT 1,
  row_version BIGINT NOT NULL DEFAULT 1,
  symbol VARCHAR(80) NOT NULL DEFAULT '',
  issue_date DATE NULL,
  document_id BIGINT NOT NULL DEFAULT 0,
  search_title VARCHAR(1000) NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY plans_issuer (issuer_organization_id, status),
  KEY plans_document (document_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE plan_versions (
  plan_id BIGINT NOT NULL,
  version INT NOT NULL,
  content LONGBLOB NOT NULL,
  reason VARCHAR(2000) NOT NULL DEFAULT '',
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (plan_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Documents a plan implements or rests on: "which plans implement 2447/QĐ-TTg".
CREATE TABLE plan_references (
  plan_id BIGINT NOT NULL,
  document_id BIGINT NOT NULL,
  relation SMALLINT NOT NULL,  -- 1 implements, 2 legal basis
  PRIMARY KEY (plan_id, document_id, relation),
  KEY plan_references_document (document_id, relation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per task and unit (lead or coordinating) of the current version of issued plans:
-- "everything my unit must do, across all plans" is one index range.
CREATE TABLE task_assignments (
  organization_id BIGINT NOT NULL,
  task_id BIGINT NOT NULL,
  plan_id BIGINT NOT NULL,
  lead TINYINT NOT NULL,
  due_kind SMALLINT NOT NULL,   -- 0 none, 1 date, 2 yearly, 3 in month
  due_date DATE NULL,
  due_month SMALLINT NOT NULL DEFAULT 0,
  due_day SMALLINT NOT NULL DEFAULT 0,
  due_year SMALLINT NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, task_id),
  KEY task_assignments_plan (plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE task_statuses (
  task_id BIGINT NOT NULL,
  organization_id BIGINT NOT NULL,
  year SMALLINT NOT NULL,
  state SMALLINT NOT NULL,
  done_date DATE NULL,
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (task_id, organization_id, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE task_notes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  task_id BIGINT NOT NULL,
  organization_id BIGINT NOT NULL,
  author VARCHAR(200) NOT NULL,
  text VARCHAR(4000) NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY task_notes_task (task_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE registrations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  year SMALLINT NOT NULL,
  title VARCHAR(300) NOT NULL,
  plan_id BIGINT NOT NULL DEFAULT 0,
  registered_on DATE NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY registrations_unit_year_title (organization_id, year, title),
  KEY registrations_year_title (year, title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE security_models (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  display_name VARCHAR(300) NOT NULL,
  model_type VARCHAR(100) NOT NULL DEFAULT '',
  owner_organization_id BIGINT NOT NULL,
  started DATE NULL,
  status SMALLINT NOT NULL,
  replicated_from_id BIGINT NOT NULL DEFAULT 0,
  notes VARCHAR(4000) NOT NULL DEFAULT '',
  row_version BIGINT NOT NULL DEFAULT 1,
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY security_models_owner (owner_organization_id, status)
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
