-- Two lookups run on nearly every click asked SQLite to sort what they found: a check-in's people
-- by their place in it, and a person's messages held for their quiet hours by age. Few rows, but
-- setting up SQLite's sorter costs more than the lookup itself (measured on an empty result: 6 to
-- 11 microseconds against 1, and some tens of microseconds in the load benchmark, where each click
-- finds the caches cold). With these indexes each lookup reads its rows in the order asked. The
-- second holds only the messages waiting for quiet hours to end, so it stays small.
CREATE INDEX participation_position ON participation (checkin_id, position_in_checkin);
CREATE INDEX outbox_held ON outbox (person_id, id) WHERE quiet_hold = 1;
