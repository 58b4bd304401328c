-- Erasing a person sets outbox.cause_person_id to NULL wherever it names them; without an index
-- SQLite reads the whole outbox to find those rows (QueryPlanTest checks every foreign key).
CREATE INDEX outbox_cause ON outbox (cause_person_id);
