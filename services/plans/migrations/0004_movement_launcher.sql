-- The authority that launches a movement: creating one is a right of that authority's editors,
-- not of every editor. Movements created before this column existed keep 0 (unknown).
ALTER TABLE movements ADD COLUMN launching_organization_id BIGINT NOT NULL DEFAULT 0;
