-- What platform adapters keep across restarts: sync positions, DM rooms, an access token from a
-- password login. Never a person's words; sealed all the same, since some of it is a credential.
CREATE TABLE adapter_state (
    namespace TEXT NOT NULL,
    key       TEXT NOT NULL,
    value     BLOB NOT NULL,
    PRIMARY KEY (namespace, key)
);

-- Platform events already handled (interaction ids, Matrix event ids), so a redelivery is ignored.
CREATE TABLE seen_event (
    key     TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
CREATE INDEX seen_event_at ON seen_event (seen_at);
