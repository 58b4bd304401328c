-- Due times are sealed, so the ticker keeps them opened in memory, and learned which ones were still
-- current by listing every pending job's and queued message's id and tag: each tick and each delivery
-- read as many rows as there was work waiting (20,000 reminders a year out made every tick read
-- 20,000 rows, holding the database the while). Now each write of a job or a queued message notes
-- its id by trigger, so inserts, reschedules and deletes (cascaded ones too) are all seen, and rolled
-- back with the write that made them; the ticker reads and clears only these notes. The tables hold
-- ids alone, and only those written since they were last read, a few seconds before.
CREATE TABLE job_change (job_id INTEGER PRIMARY KEY);
CREATE TRIGGER job_inserted AFTER INSERT ON job
BEGIN
    INSERT OR IGNORE INTO job_change (job_id) VALUES (NEW.id);
END;
CREATE TRIGGER job_rescheduled AFTER UPDATE OF due, due_tag ON job
BEGIN
    INSERT OR IGNORE INTO job_change (job_id) VALUES (NEW.id);
END;
CREATE TRIGGER job_deleted AFTER DELETE ON job
BEGIN
    INSERT OR IGNORE INTO job_change (job_id) VALUES (OLD.id);
END;

CREATE TABLE outbox_change (outbox_id INTEGER PRIMARY KEY);
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
BEGIN
    INSERT OR IGNORE INTO outbox_change (outbox_id) VALUES (NEW.id);
END;
CREATE TRIGGER outbox_rescheduled AFTER UPDATE OF due, due_tag, first_failed ON outbox
BEGIN
    INSERT OR IGNORE INTO outbox_change (outbox_id) VALUES (NEW.id);
END;
CREATE TRIGGER outbox_deleted AFTER DELETE ON outbox
BEGIN
    INSERT OR IGNORE INTO outbox_change (outbox_id) VALUES (OLD.id);
END;
