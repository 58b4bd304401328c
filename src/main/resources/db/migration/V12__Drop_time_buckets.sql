-- No time stays in clear. The hour buckets of versions 9 and 10 told when a session ended to within
-- an hour (its end, and the deadlines and jobs that follow from it, were each bucketed). Old rows
-- are now found through their ids, which grow with time (IdOrder), and due work through times
-- opened once and kept in memory for as long as a row's due_tag, drawn anew with every write of its
-- times, is unchanged.
DROP INDEX session_partnership;
DROP INDEX session_ended;
ALTER TABLE session DROP COLUMN ended_bucket;
CREATE INDEX session_partnership ON session (partnership_id);
CREATE INDEX session_open ON session (partnership_id) WHERE ended IS NULL;

DROP INDEX checkin_expires;
ALTER TABLE checkin DROP COLUMN expires_bucket;

DROP INDEX job_due;
ALTER TABLE job DROP COLUMN due_bucket;
ALTER TABLE job ADD COLUMN due_tag INTEGER NOT NULL DEFAULT 0;
UPDATE job SET due_tag = random();
CREATE INDEX job_due_tag ON job (due_tag);

DROP INDEX outbox_due;
DROP INDEX outbox_age;
ALTER TABLE outbox DROP COLUMN due_bucket;
ALTER TABLE outbox DROP COLUMN age_bucket;
ALTER TABLE outbox ADD COLUMN due_tag INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET due_tag = random();
DROP INDEX outbox_person;
CREATE INDEX outbox_person ON outbox (person_id, due_tag);

-- The dropped values linger in free pages until the file is rebuilt.
INSERT INTO meta (name, value) VALUES ('vacuum_due', x'') ON CONFLICT (name) DO NOTHING;
