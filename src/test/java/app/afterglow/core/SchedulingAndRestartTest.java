package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.QuietHours;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.store.Job;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulingAndRestartTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a check-in half answered WHEN the bot restarts THEN it resumes at the same question with the answers kept")
    void restartMidCheckinResumes() {
        QuestionSet after = TestBot.catalog().standard(CheckinKind.AFTER);
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            bot.say("alice", CheckinFlowTest.validReply(after.questions().get(0)));
            bot.say("alice", CheckinFlowTest.validReply(after.questions().get(1)));
            bot.restart();
            List<Message> next = bot.say("alice", "back");
            assertTrue(plain(next).contains(after.questions().get(1).prompt()), plain(next));
            assertTrue(plain(next).contains("Your answer so far"), plain(next));
            for (int i = 1; i < after.questions().size(); i++) {
                bot.say("alice", "skip");
            }
            bot.restart();
            List<Message> review = bot.say("alice", "share 1");
            assertTrue(plain(review).contains("1. " + after.questions().get(0).prompt()), plain(review));
            assertTrue(plain(review).contains("🤝"), plain(review));
        }
    }

    @Test
    @DisplayName("One gentle reminder after 12 hours to the person who hasn't finished, never to the one who has")
    void oneReminder() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin followup");
            for (Question q : TestBot.catalog().standard(CheckinKind.FOLLOWUP).questions()) {
                bot.say("alice", "skip");
            }
            bot.say("alice", "submit");
            bot.inbox("bob");
            bot.advance(Duration.ofHours(11));
            assertEquals(List.of(), bot.inbox("bob"));
            bot.advance(Duration.ofHours(2));
            assertTrue(plain(bot.inbox("bob")).contains("gentle nudge"));
            assertEquals(List.of(), bot.inbox("alice"));
            bot.advance(Duration.ofHours(20));
            assertEquals(List.of(), bot.inbox("bob"), "only one reminder");
        }
    }

    @Test
    @DisplayName("GIVEN a job that fails, due before forty couples' reminders WHEN they fall due THEN every reminder goes "
            + "out once, and the failing job alone is tried again a quarter of an hour later")
    void aFailingJobHoldsUpAndUndoesNoOtherJob() {
        try (TestBot bot = new TestBot(dir)) {
            List<String> waiting = new ArrayList<>();
            for (int couple = 0; couple < 40; couple++) {
                String first = "a" + couple;
                String second = "b" + couple;
                bot.partners(first, second);
                bot.command(first, "checkin followup");
                for (int i = 0; i < TestBot.catalog().standard(CheckinKind.FOLLOWUP).questions().size(); i++) {
                    bot.say(first, "skip");
                }
                bot.say(first, "submit");
                bot.inbox(second);
                waiting.add(second);
            }
            // A reminder naming no check-in cannot run: the store accepts it, the scheduler cannot do it.
            Job broken = bot.stores().transactions().inTransaction(() -> bot.stores().jobs().schedule(
                    new Job(0, Job.Kind.REMIND, bot.now(), Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty())));
            bot.advance(Duration.ofHours(13));
            for (String person : waiting) {
                List<Message> got = bot.inbox(person);
                assertEquals(1, got.size(), person + ": " + plain(got));
                assertTrue(plain(got).contains("gentle nudge"), plain(got));
            }
            Instant failedAt = bot.now();
            assertEquals(List.of(), dueBy(bot, failedAt.plus(Duration.ofMinutes(14))), "the failing job waits");
            assertEquals(List.of(broken.id()), dueBy(bot, failedAt.plus(Duration.ofMinutes(15))));
            bot.advance(Duration.ofHours(20));
            for (String person : waiting) {
                assertEquals(List.of(), bot.inbox(person), person + " is reminded once");
            }
        }
    }

    @Test
    @DisplayName("GIVEN hundreds of reminders falling due at once WHEN someone asks the bot something while they go "
            + "out THEN the answer comes while most are still to go, not after the whole run")
    void anAnswerIsNotHeldBehindEveryDueReminder() throws InterruptedException {
        try (TestBot bot = new TestBot(dir)) {
            for (int couple = 0; couple < 300; couple++) {
                bot.partners("a" + couple, "b" + couple);
                bot.command("a" + couple, "checkin after");
            }
            bot.passTime(CoreSettings.defaults().reminder());
            int due = dueCount(bot);
            assertTrue(due >= 100, due + " reminders due");
            Thread ticker = new Thread(bot.afterglow()::runDueJobs, "test-ticker");
            ticker.start();
            try {
                // Each look waits its turn for the database too, so it sees the reminders going out. The
                // question comes once a tenth are out, well into the run, not in the same breath as its
                // start; a fixed pause instead outlasted half the run on a fast host.
                while (dueCount(bot) > due - due / 10 && ticker.isAlive()) {
                    Thread.onSpinWait();
                }
                assertTrue(ticker.isAlive() || dueCount(bot) < due, "the ticker ended without running a reminder");
                List<Message> answer = bot.afterglow().handle(Request.direct(TestBot.user("a0"), Context.PRIVATE,
                        new Input.Run(CommandParser.parse("partner list", h -> Optional.empty()).command().orElseThrow())))
                        .here();
                int left = dueCount(bot);
                assertTrue(left >= due / 2, "answered once " + (due - left) + " of " + due + " reminders had gone out");
                assertTrue(plain(answer).contains("b0"), plain(answer));
            } finally {
                ticker.join(Duration.ofMinutes(1).toMillis());
            }
            assertFalse(ticker.isAlive(), "the reminders still going out after a minute");
            assertEquals(0, dueCount(bot));
        }
    }

    private static int dueCount(TestBot bot) {
        return bot.stores().transactions().inTransaction(() -> bot.stores().jobs().due(bot.now(), Integer.MAX_VALUE)).size();
    }

    private static List<Long> dueBy(TestBot bot, Instant when) {
        return bot.stores().transactions().inTransaction(() -> bot.stores().jobs().due(when, 100)).stream()
                .map(Job::id).toList();
    }

    @Test
    @DisplayName("Scheduled messages wait for the end of the person's quiet hours in their own time zone")
    void quietHoursDelayReminders() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            // 18:00 UTC start; the reminder falls at 06:00 UTC, which is 07:00 in Berlin: inside 23:00-08:00.
            bot.command("bob", "settings timezone Europe/Berlin");
            assertTrue(plain(bot.command("bob", "settings quiet 23:00-08:00")).contains("23:00–08:00"));
            bot.command("alice", "checkin after");
            bot.inbox("bob");
            bot.advance(Duration.ofHours(12).plusMinutes(30));
            assertEquals(List.of(), bot.inbox("bob"), "nothing during quiet hours");
            bot.advance(Duration.ofMinutes(31));
            assertTrue(plain(bot.inbox("bob")).contains("gentle nudge"));
        }
    }

    @Test
    @DisplayName("A follow-up is scheduled by /session end and still arrives after a restart, late rather than never")
    void followupSurvivesRestart() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "session start");
            List<Message> after = bot.command("alice", "session end");
            assertTrue(plain(after).contains(TestBot.catalog().standard(CheckinKind.AFTER).questions().get(0).prompt()));
            bot.inbox("alice");
            bot.inbox("bob");
            bot.restart();
            bot.advance(Duration.ofHours(30));
            String followup = TestBot.catalog().standard(CheckinKind.FOLLOWUP).questions().get(0).prompt();
            assertTrue(plain(bot.inbox("alice")).contains(followup));
            assertTrue(plain(bot.inbox("bob")).contains(followup));
        }
    }

    @Test
    @DisplayName("GIVEN a session's negotiation left unfinished WHEN the session ends THEN the aftercare supersedes it: "
            + "it closes revealing nothing, and only the aftercare is ever nudged")
    void aNewerCheckinSupersedesAnUnfinishedOne() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "session start");
            bot.say("alice", "3");
            bot.inbox("alice");
            bot.inbox("bob");
            bot.command("alice", "session end");
            String before = TestBot.catalog().standard(CheckinKind.BEFORE).title();
            String toBob = plain(bot.inbox("bob"));
            assertTrue(toBob.contains(before + " with alice") && toBob.contains("Nothing was shared this time."), toBob);
            assertTrue(plain(bot.inbox("alice")).contains("Nothing was shared this time."));
            bot.advance(Duration.ofHours(13));
            String nudges = plain(bot.inbox("alice")) + plain(bot.inbox("bob"));
            assertEquals(2, nudges.split("A gentle nudge", -1).length - 1, "one nudge each, for the aftercare: " + nudges);
            assertFalse(nudges.contains(before), nudges);
        }
    }

    @Test
    @DisplayName("Two sessions ended close together bring one follow-up, not two")
    void oneFollowupAtATime() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "session end");
            bot.advance(Duration.ofHours(1));
            bot.command("bob", "session end");
            bot.inbox("alice");
            bot.advance(Duration.ofHours(22));
            String followup = TestBot.catalog().standard(CheckinKind.FOLLOWUP).questions().get(0).prompt();
            String toAlice = plain(bot.inbox("alice"));
            assertEquals(toAlice.indexOf(followup), toAlice.lastIndexOf(followup), toAlice);
            assertTrue(toAlice.contains(followup), toAlice);
        }
    }

    @Test
    @DisplayName("A check-in not submitted by both expires after 48 hours; each is told only that nothing was shared")
    void expiry() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin followup");
            bot.advance(Duration.ofHours(47));
            bot.inbox("alice");
            bot.inbox("bob");
            bot.restart();
            bot.advance(Duration.ofHours(2));
            assertTrue(plain(bot.inbox("alice")).contains("Nothing was shared this time"));
            assertTrue(plain(bot.inbox("bob")).contains("Nothing was shared this time"));
            assertTrue(plain(bot.say("alice", "skip")).contains("not waiting"));
        }
    }

    @Test
    @DisplayName("GIVEN a follow-up that falls due in the same tick as the deadline of the check-in it supersedes WHEN "
            + "it starts THEN it still expires 48 hours later: no job of the superseded check-in takes the new one's "
            + "deadline with it")
    void aFollowupStartedBesideAnOldDeadlineStillExpires() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "session end bob");
            bot.command("alice", "session start bob");
            bot.advance(Duration.ofHours(52));
            assertTrue(plain(bot.inbox("alice")).contains("Your follow-up check-in with bob is ready"));
            bot.inbox("bob");

            bot.advance(Duration.ofHours(49));

            assertTrue(plain(bot.inbox("alice")).contains("Checking in with bob\nThis check-in has closed"));
            assertTrue(plain(bot.inbox("bob")).contains("Checking in with alice\nThis check-in has closed"));
        }
    }

    @Test
    @DisplayName("Session start shows each partner only the other's shared aftercare preferences")
    void sessionShowsSharedPreferences() {
        QuestionSet prefs = TestBot.catalog().standard(CheckinKind.PREFS);
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "prefs");
            for (Question q : prefs.questions()) {
                bot.say("alice", CheckinFlowTest.validReply(q));
            }
            bot.say("alice", "share 1");
            assertTrue(plain(bot.say("alice", "submit")).contains("Saved"));
            List<Message> bobStarts = bot.command("bob", "session start");
            String toBob = plain(bobStarts);
            assertTrue(toBob.contains("What helps alice come down"), toBob);
            assertTrue(toBob.contains(prefs.questions().get(0).options().get(0).label()), toBob);
            assertFalse(toBob.contains("words for " + prefs.questions().get(1).id()), "private preference stays private");
            assertFalse(plain(bot.inbox("alice")).contains("What helps bob"), "bob shared none, so nothing is said");
        }
    }

    @Test
    @DisplayName("Quiet hours that wrap midnight hold anything scheduled until they end")
    void quietTimeWrapsMidnight() {
        var person = new app.afterglow.core.model.Person(new app.afterglow.core.model.PersonId(1), TestBot.user("x"),
                ZoneId.of("Europe/Berlin"), QuietHours.parse("22:00-08:00"), Optional.empty());
        var at = java.time.Instant.parse("2026-11-20T23:30:00Z");
        assertEquals(java.time.Instant.parse("2026-11-21T07:00:00Z"),
                app.afterglow.core.conversation.QuietTime.nextAllowed(person, at));
        var day = java.time.Instant.parse("2026-11-20T12:00:00Z");
        assertEquals(day, app.afterglow.core.conversation.QuietTime.nextAllowed(person, day));
    }
}
