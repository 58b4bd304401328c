-- What data.keep_checkins_days erases is found by these: check-ins by their deadline, sessions by
-- their end, queued messages by when they were first due or first failed (whichever is known;
-- retries move not_before on, so it alone would make an old message look new).
CREATE INDEX checkin_expires ON checkin (expires_at);
CREATE INDEX session_ended ON session (ended_at);
CREATE INDEX outbox_age ON outbox (coalesce(first_failed_at, not_before));
