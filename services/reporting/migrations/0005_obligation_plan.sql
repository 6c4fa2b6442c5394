-- The plan an obligation serves (Obligation.plan_id), so a target's progress finds the reports
-- that measure it. 0: none.
ALTER TABLE obligations ADD COLUMN plan_id BIGINT NOT NULL DEFAULT 0 AFTER template_id,
  ADD KEY obligations_plan (plan_id, id);
