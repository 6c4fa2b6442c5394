-- Columns as large as the contract lets a value be (thidua/common/v1/text.proto, checked by
-- tests/integration/text_columns_test.cc): a request id of 100 code points may take 400 bytes, and
-- a task of a 1,000-character title and a 20,000-character description (80 KB in UTF-8) did not
-- fit the 64 KB of a BLOB, so such a draft could never be issued.
ALTER TABLE idempotency_keys MODIFY request_id VARBINARY(400) NOT NULL;
ALTER TABLE tasks MODIFY content MEDIUMBLOB NOT NULL;

-- A registration's title is unique per unit and year by its identity (common/text/identity.h), as
-- a SHA-256 of the identity key in a binary column: under utf8mb4_unicode_ci titles differing
-- only by accents collided with a raw "Duplicate entry", titles differing only by an emoji or a
-- Nôm character were one title, while titles differing only by case or tone placement passed.
-- Existing rows get their key when the service starts (store::KeyRegistrationTitles).
ALTER TABLE registrations
  ADD COLUMN title_key BINARY(32) NULL,
  DROP INDEX registrations_unit_year_title,
  ADD UNIQUE KEY registrations_unit_year_title_key (organization_id, year, title_key),
  ADD KEY registrations_year_title_key (year, title_key);
