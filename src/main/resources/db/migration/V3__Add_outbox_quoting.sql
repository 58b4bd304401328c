-- Whose words or data, besides the recipient's own, a queued message carries: a partner's answers
-- in a reveal, a need sent at once, preferences, a name. Erasing that person erases the message.
ALTER TABLE outbox ADD COLUMN quoting_person_id INTEGER REFERENCES person (id) ON DELETE CASCADE;
CREATE INDEX outbox_quoting ON outbox (quoting_person_id);
