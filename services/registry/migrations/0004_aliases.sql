-- Names an organisation is also searched by ("TP HCM" for Thành phố Hồ Chí Minh), added and
-- removed by administrators. `text_key` is text::IdentityDigest(alias_text): one alias per identity
-- and unit, compared byte for byte. `search_text` is text::Fold(alias_text), as search_name is.
CREATE TABLE organization_aliases (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  text_key BINARY(32) NOT NULL,
  alias_text VARCHAR(100) NOT NULL,
  search_text VARCHAR(500) NOT NULL,
  kind SMALLINT NOT NULL DEFAULT 0,
  source VARCHAR(300) NOT NULL DEFAULT '',
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY organization_aliases_identity (organization_id, text_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
