-- Idempotency keys bound to their caller and payload (common/db/idempotency.h). The key is
-- (caller, method, request id) compared byte for byte, hence binary columns: under the old
-- utf8mb4_unicode_ci key "QA-Case" replayed "qa-case", "é" replayed "e", and one caller's request id
-- answered another caller. The old rows carry no caller and no payload hash, so they cannot be
-- bound: they are dropped (a retry of a write older than this migration creates anew).
DROP TABLE idempotency_keys;

CREATE TABLE idempotency_keys (
  caller VARBINARY(230) NOT NULL,          -- "<organisation id>/<token subject>"
  method VARBINARY(100) NOT NULL,
  request_id VARBINARY(100) NOT NULL,
  fingerprint CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,  -- SHA-256 of the request
  response LONGBLOB NOT NULL,
  create_time TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (caller, method, request_id),
  KEY by_create_time (create_time)
) ENGINE=InnoDB;
