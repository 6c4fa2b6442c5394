-- A request id holds up to 100 code points (thidua/common/v1/text.proto), up to 400 bytes.
ALTER TABLE idempotency_keys MODIFY request_id VARBINARY(400) NOT NULL;
