-- A client id names a report among its own unit's reports. Unique across all units, an id another
-- unit had used was refused as taken, which told any reporter whether a guessable id (a demo's,
-- an app's that does not draw UUIDs at random) named some other unit's report. Per unit, another
-- unit's use of the same id is simply its own report, and a retry is still found by its id.
ALTER TABLE submissions DROP KEY submissions_client_id,
  ADD UNIQUE KEY submissions_client_id (organization_id, client_id);
