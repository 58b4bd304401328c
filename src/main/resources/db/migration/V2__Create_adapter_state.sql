-- What platform adapters keep across restarts: sync positions, DM rooms. Ids and tokens only.
CREATE TABLE adapter_state (
    namespace TEXT NOT NULL,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
);

-- Platform events already handled (interaction ids, Matrix event ids), so a redelivery is ignored.
CREATE TABLE seen_event (
    key     TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
CREATE INDEX seen_event_at ON seen_event (seen_at);
