-- A person's open check-ins (where a typed reply goes) and the preferences they saved last are
-- looked up on nearly every interaction. Found by the check-in's status alone, that read every
-- check-in the person ever took part in and opened each one's sealed times, so a long history
-- made every reply slower. Each participation now carries its check-in's status while that is
-- OPEN or SAVED, NULL once the check-in closed, and the store writes it wherever it writes the
-- status. The status is in clear on the check-in already, so this tells nothing new.
ALTER TABLE participation ADD COLUMN current TEXT;
UPDATE participation SET current = (SELECT status FROM checkin WHERE checkin.id = participation.checkin_id)
WHERE checkin_id IN (SELECT id FROM checkin WHERE status IN ('OPEN', 'SAVED'));
CREATE INDEX participation_current ON participation (person_id, current, checkin_id) WHERE current IS NOT NULL;
-- The same for a partnership's open check-ins, looked up whenever one starts or the partnership ends.
CREATE INDEX checkin_open ON checkin (partnership_id) WHERE status = 'OPEN';

-- /history shows a person's newest check-ins: with the check-in's id in the index SQLite walks it
-- newest first and stops at the page's end, instead of sorting all of the person's check-ins.
DROP INDEX participation_person;
CREATE INDEX participation_person ON participation (person_id, checkin_id);
