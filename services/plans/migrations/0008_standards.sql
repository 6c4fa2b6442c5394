-- The catalogue of each movement's standards and titles (tiêu chuẩn, danh hiệu: "An toàn về an
-- ninh, trật tự" of Thông tư 124/2021/TT-BCA). Registrations name an entry by id instead of
-- free text, which counted "An toàn về an ninh trật tự" (seed 002, once without the comma) apart
-- from "An toàn về an ninh, trật tự". The awards service refers to the same ids and codes.
-- A name is unique per movement by identity (common/text/identity.h), held as the SHA-256 of its
-- identity key in `name_key`; the key is computed in C++ (ICU), so rows written here without one
-- get it when the service starts (store::KeyStandardNames). `recipients` holds one bit per
-- thidua.plans.v1.Recipient value (1 << value).
CREATE TABLE standards (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  movement_id BIGINT NOT NULL,
  code VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(300) NOT NULL,
  name_key BINARY(32) NULL,
  recipients SMALLINT NOT NULL,
  legal_source VARCHAR(300) NOT NULL DEFAULT '',
  legal_article VARCHAR(100) NOT NULL DEFAULT '',
  row_version BIGINT NOT NULL DEFAULT 1,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  update_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY standards_movement_code (movement_id, code),
  UNIQUE KEY standards_movement_name_key (movement_id, name_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Backfill. A registration belongs to the movement of the plan it cites; one citing no plan (or a
-- plan of no movement) to the service's first movement, the lowest id. A database holding
-- registrations and no movement at all gets the movement this service is for, launched by no
-- recorded authority (0), which only the nation's staff then edit.
INSERT INTO movements (display_name, search_name, description)
  SELECT 'Toàn dân bảo vệ an ninh Tổ quốc', 'toan dan bao ve an ninh to quoc', ''
  FROM DUAL WHERE EXISTS (SELECT 1 FROM registrations) AND NOT EXISTS (SELECT 1 FROM movements);

ALTER TABLE registrations ADD COLUMN movement_id BIGINT NULL, ADD COLUMN standard_id BIGINT NULL;

UPDATE registrations r
  LEFT JOIN plans p ON p.id = r.plan_id
  LEFT JOIN movements m ON m.id = p.movement_id
  SET r.movement_id = COALESCE(m.id, (SELECT MIN(id) FROM movements));

-- One entry per distinct title identity under each movement, named as its first registration
-- wrote it, for collectives (units register), coded DK-<that registration's id>. A title not yet
-- keyed (a database upgraded past 0007 in this same start) is grouped by its text instead.
INSERT INTO standards (movement_id, code, display_name, name_key, recipients)
  SELECT r.movement_id, CONCAT('DK-', r.id), r.title, r.title_key, 2
  FROM registrations r
  WHERE r.id IN (SELECT MIN(id) FROM registrations
                 GROUP BY movement_id, COALESCE(HEX(title_key), CONCAT('t:', title)));

UPDATE registrations r
  JOIN standards s ON s.movement_id = r.movement_id
    AND (s.name_key = r.title_key
         OR (r.title_key IS NULL AND s.name_key IS NULL AND s.display_name = r.title))
  SET r.standard_id = s.id;

-- The title now lives in the catalogue entry; one registration per unit, year and standard.
ALTER TABLE registrations
  DROP INDEX registrations_unit_year_title_key,
  DROP INDEX registrations_year_title_key,
  DROP COLUMN title_key,
  DROP COLUMN title,
  DROP COLUMN movement_id,
  MODIFY standard_id BIGINT NOT NULL,
  ADD UNIQUE KEY registrations_unit_year_standard (organization_id, year, standard_id),
  ADD KEY registrations_year_standard (year, standard_id);
