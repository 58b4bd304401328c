-- Which step of the focused check-in the person was last shown (a question's index, the question
-- count for the review, -1 for the pause): a typed reply answers that step or nothing.
ALTER TABLE person ADD COLUMN focus_step INTEGER;

-- 1 while a message waits only for the end of its recipient's quiet hours: if they speak to the
-- bot before then, they are awake, and it goes at once. A retry's wait is never cut short.
ALTER TABLE outbox ADD COLUMN quiet_hold INTEGER NOT NULL DEFAULT 0;
