-- Times are epoch milliseconds. Columns of type BLOB marked "sealed" hold IV || AES-256-GCM
-- ciphertext made with the data key, which lives outside this file.

-- Facts about the database itself; "key_check" is a sealed known value that tells, at start-up,
-- whether the data key is the one this database was written with.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE person (
    id               INTEGER PRIMARY KEY,
    platform         TEXT    NOT NULL,
    platform_user_id TEXT    NOT NULL,
    display_name     TEXT    NOT NULL,
    bot              INTEGER NOT NULL,
    zone             TEXT    NOT NULL,
    -- second of the day, in the person's zone; both NULL when they keep no quiet hours
    quiet_start      INTEGER,
    quiet_end        INTEGER,
    focus_checkin_id INTEGER REFERENCES checkin (id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (platform, platform_user_id)
);
CREATE INDEX person_focus ON person (focus_checkin_id);

-- A side becomes NULL when that person erases their data; the other side keeps the row.
CREATE TABLE partnership (
    id         INTEGER PRIMARY KEY,
    inviter_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    invitee_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX partnership_inviter ON partnership (inviter_id);
CREATE INDEX partnership_invitee ON partnership (invitee_id);

CREATE TABLE session (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,
    started_at     INTEGER NOT NULL,
    ended_at       INTEGER
);
CREATE INDEX session_partnership ON session (partnership_id, ended_at);

CREATE TABLE checkin (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER REFERENCES partnership (id) ON DELETE SET NULL,
    session_id     INTEGER REFERENCES session (id) ON DELETE SET NULL,
    -- JSON snapshot of the question set as it was when the round started: bot text, not person data
    question_set   TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX checkin_partnership ON checkin (partnership_id, created_at);
CREATE INDEX checkin_session ON checkin (session_id);

CREATE TABLE participation (
    checkin_id          INTEGER NOT NULL REFERENCES checkin (id) ON DELETE CASCADE,
    person_id           INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    position_in_checkin INTEGER NOT NULL,
    -- sealed JSON of the Progress: answers and share choices
    progress            BLOB    NOT NULL,
    submitted_at        INTEGER,
    reminded            INTEGER NOT NULL,
    PRIMARY KEY (checkin_id, person_id)
);
CREATE INDEX participation_person ON participation (person_id);

CREATE TABLE job (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL,
    due_at         INTEGER NOT NULL,
    checkin_id     INTEGER REFERENCES checkin (id) ON DELETE CASCADE,
    person_id      INTEGER REFERENCES person (id) ON DELETE CASCADE,
    partnership_id INTEGER REFERENCES partnership (id) ON DELETE CASCADE,
    session_id     INTEGER REFERENCES session (id) ON DELETE CASCADE
);
CREATE INDEX job_due ON job (due_at, id);
CREATE INDEX job_checkin ON job (checkin_id);
CREATE INDEX job_person ON job (person_id);
CREATE INDEX job_partnership ON job (partnership_id);
CREATE INDEX job_session ON job (session_id);

-- AUTOINCREMENT so an id is never used twice: Matrix deduplicates sends by transaction ids
-- derived from it, and a reused id would silently swallow a new message.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    not_before INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    -- sealed JSON of the Message: it may quote answers
    message    BLOB    NOT NULL
);
CREATE INDEX outbox_due ON outbox (not_before);
CREATE INDEX outbox_person ON outbox (person_id);
