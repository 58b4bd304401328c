-- Every check-in kept a copy of its question set: some 2 KB of the bot's own text, most of it on an
-- overflow page, in every row, though a deployment has a handful of sets. That was over a third of
-- a year's database, and read again with every check-in read. Each set is now kept once and check-ins
-- name it. The table is rebuilt as SQLite's procedure for changing a table's columns describes
-- (foreign keys are off while a migration runs, so the rows that refer to check-ins stay).
CREATE TABLE question_set (
    id   INTEGER PRIMARY KEY,
    -- JSON of the question set as a check-in was started with it: bot text, not person data
    json TEXT NOT NULL UNIQUE
);
INSERT INTO question_set (json) SELECT question_set FROM checkin GROUP BY question_set ORDER BY min(id);

CREATE TABLE checkin_keeping_sets_once (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER REFERENCES partnership (id) ON DELETE SET NULL,
    session_id      INTEGER REFERENCES session (id) ON DELETE SET NULL,
    question_set_id INTEGER NOT NULL REFERENCES question_set (id),
    status          TEXT    NOT NULL,
    created         BLOB,
    expires         BLOB
);
INSERT INTO checkin_keeping_sets_once (id, partnership_id, session_id, question_set_id, status, created, expires)
SELECT c.id, c.partnership_id, c.session_id, s.id, c.status, c.created, c.expires
FROM checkin c JOIN question_set s ON s.json = c.question_set;
DROP TABLE checkin;
ALTER TABLE checkin_keeping_sets_once RENAME TO checkin;
CREATE INDEX checkin_session ON checkin (session_id);
CREATE INDEX checkin_partnership ON checkin (partnership_id);
CREATE INDEX checkin_open ON checkin (partnership_id) WHERE status = 'OPEN';
CREATE INDEX checkin_question_set ON checkin (question_set_id);

-- The copies' pages are free but still in the file until it is rebuilt.
INSERT INTO meta (name, value) VALUES ('vacuum_due', x'') ON CONFLICT (name) DO NOTHING;
