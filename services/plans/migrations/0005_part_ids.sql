-- Ids of tasks, targets and cascade requirements from one sequence instead of plan id × 1000 + n,
-- which let three amendments of 500 tasks run into the next plan's ids. Each row is one part id
-- and the plan it belongs to. The first row lies above every id the old numbering could have
-- given, so old and new ids never meet.
CREATE TABLE part_ids (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  KEY part_ids_plan (plan_id, id)
) ENGINE=InnoDB;

INSERT INTO part_ids (id, plan_id) SELECT COALESCE(MAX(id), 0) * 1000 + 999, 0 FROM plans;
