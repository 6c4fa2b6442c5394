-- One issuing body is one body by identity (common/text/identity: case, Unicode form, tone mark
-- placement, look-alikes and punctuation aside; accents significant), no longer by the column's
-- utf8mb4_unicode_ci collation, which ignores accents ("Bộ Công an" and "Bộ Công ấn" were one
-- body) and weighs every character above U+FFFF alike. The key is the identity's SHA-256,
-- computed in C++ (ICU): new documents get it when written, existing ones when the service
-- starts (store::KeyIssuingBodies). Until then a row has none, and NULLs never collide.
ALTER TABLE documents
  ADD COLUMN issuing_body_key BINARY(32) NULL AFTER issuing_body,
  DROP INDEX documents_identity_issuer,
  ADD UNIQUE KEY documents_identity_issuer (identity, issuing_body_key);
