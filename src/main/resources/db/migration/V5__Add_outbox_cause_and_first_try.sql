-- Whose action queued the message, if someone's did: if it can never be delivered, they are told.
-- Erasing them leaves the message to go out on its own, with nobody left to tell.
ALTER TABLE outbox ADD COLUMN cause_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL;

-- When delivery was first tried and failed: a message still failing days later is given up on
-- (and its loss told), rather than retried for ever.
ALTER TABLE outbox ADD COLUMN first_failed_at INTEGER;
