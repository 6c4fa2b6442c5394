-- A document is its number, type and issuer within a year (Nghị định 30/2020/NĐ-CP, Điều 15: an
-- issuer numbers its documents from 01 on 1 January to 31 December, one number one document):
-- "9999/QĐ-TTg", "9999/QD-TTg" and "9999/qđ-TTg" of one year are one decision, "05/KH-X" and
-- "5/KH-X" one plan. The key on (symbol, issue_date, issuing_body) made each spelling and each date
-- another document. `identity` is DocumentSymbol::IdentityOn (services/plans/domain/
-- document_symbol.h), computed by the service, e.g. "150|KH|UBND|2025"; it is unique per issuing
-- body, as the abbreviations alone name no issuer ("UBND" is every people's committee).
ALTER TABLE documents
  ADD COLUMN identity VARBINARY(100) NULL AFTER symbol,
  DROP INDEX documents_symbol_date_issuer,
  ADD UNIQUE KEY documents_identity_issuer (identity, issuing_body(200));

-- Existing rows get the same identity, computed here from the symbols the earlier parser stored:
-- number-TYPE/ISSUER (Party), number[/year]/TYPE-ISSUER (state; the type in its official case),
-- number/year/QHnn (National Assembly) and number/ISSUER-UNIT (letters, which include the state
-- symbols it misread: "9999/QD-TTg"). tests/integration/document_identity_test.cc checks that this
-- agrees with the C++ for every form. Where rows are one document, the first keeps the identity and
-- the later ones stay without (NULL): still readable by id, while lookups and new registrations
-- find the first.
CREATE TEMPORARY TABLE document_identity_backfill (
  id BIGINT NOT NULL PRIMARY KEY,
  identity VARBINARY(100) NULL
);

INSERT INTO document_identity_backfill (id, identity)
SELECT id, CAST(CONCAT(number_value, '|', IF(type_code IS NULL, '', type_code), '|',
                       IF(type_code IS NULL, body, after_type), '|',
                       IF(number_value = 0, DATE_FORMAT(issue_date, '%Y-%m-%d'),
                          IFNULL(symbol_year, YEAR(issue_date)))) AS BINARY)
FROM (
  SELECT id, issue_date, number_value, symbol_year, body, after_type,
         CASE REPLACE(candidate, 'Đ', 'D')
           WHEN 'QD' THEN 'QĐ' WHEN 'ND' THEN 'NĐ' WHEN 'QDI' THEN 'QĐI'
           WHEN 'NQ' THEN 'NQ' WHEN 'CT' THEN 'CT' WHEN 'KL' THEN 'KL' WHEN 'KH' THEN 'KH'
           WHEN 'TT' THEN 'TT' WHEN 'TB' THEN 'TB' WHEN 'HD' THEN 'HD' WHEN 'BC' THEN 'BC'
           WHEN 'CTR' THEN 'CTR' WHEN 'TTR' THEN 'TTR'
         END AS type_code
  FROM (
    SELECT id, issue_date, symbol_year,
           CAST(IF(party, SUBSTRING_INDEX(head, '-', 1), head) AS UNSIGNED) AS number_value,
           IF(party, SUBSTRING_INDEX(head, '-', -1), SUBSTRING_INDEX(body, '-', 1)) AS candidate,
           -- Party symbols put the type before the slash, so the whole tail is the issuer.
           IF(party, NULL, body) AS body,
           IF(party, body, SUBSTRING(body, CHAR_LENGTH(SUBSTRING_INDEX(body, '-', 1)) + 2))
             AS after_type
    FROM (
      SELECT id, issue_date, head, party,
             IF(NOT party AND tail REGEXP '^[0-9]{4}/', LEFT(tail, 4), NULL) AS symbol_year,
             IF(NOT party AND tail REGEXP '^[0-9]{4}/', SUBSTRING(tail, 6), tail) AS body
      FROM (
        SELECT id, issue_date, SUBSTRING_INDEX(UPPER(symbol), '/', 1) AS head,
               LOCATE('-', SUBSTRING_INDEX(symbol, '/', 1)) > 0 AS party,
               SUBSTRING(UPPER(symbol), CHAR_LENGTH(SUBSTRING_INDEX(symbol, '/', 1)) + 2) AS tail
        FROM documents
      ) split
    ) dated
  ) parts
) typed;

UPDATE IGNORE documents
SET identity = (SELECT b.identity FROM document_identity_backfill b WHERE b.id = documents.id)
ORDER BY id;

DROP TEMPORARY TABLE document_identity_backfill;
