package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckinFlowTest {
    @TempDir
    Path dir;
    TestBot bot;
    QuestionSet after;
    QuestionSet followup;

    @BeforeEach
    void start() {
        bot = new TestBot(dir);
        after = TestBot.catalog().standard(CheckinKind.AFTER);
        followup = TestBot.catalog().standard(CheckinKind.FOLLOWUP);
        bot.partners("alice", "bob");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    /** A valid reply for the question, by its type. */
    static String validReply(Question q) {
        return switch (q.type()) {
            case SCALE -> String.valueOf(q.max() - 1);
            case ONE -> "1";
            case MANY -> "1 2";
            case TEXT -> "words for " + q.id();
        };
    }

    private int indexOf(QuestionType type) {
        for (int i = 0; i < after.questions().size(); i++) {
            if (after.questions().get(i).type() == type) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " question in the after set");
    }

    @Test
    @DisplayName("Starting a check-in asks both partners its first question, each in their own conversation")
    void startAsksBoth() {
        List<Message> mine = bot.command("alice", "checkin after");
        String first = after.questions().get(0).prompt();
        assertTrue(plain(mine).contains(first));
        String toBob = plain(bot.inbox("bob"));
        assertTrue(toBob.contains("alice started") && toBob.contains(first), toBob);
    }

    @Test
    @DisplayName("Back returns to the previous question and shows the answer given; a new answer replaces it")
    void backAndChange() {
        bot.command("alice", "checkin after");
        Question q1 = after.questions().get(0);
        bot.say("alice", validReply(q1));
        List<Message> back = bot.say("alice", "back");
        assertTrue(plain(back).contains(q1.prompt()) && plain(back).contains("Your answer so far"), plain(back));
        assertTrue(plain(bot.say("alice", "back")).contains("This is the first question"));
        bot.say("alice", "skip");
        assertTrue(plain(bot.say("alice", "back")).contains(q1.prompt()));
    }

    @Test
    @DisplayName("Answers that don't fit get a clear message and save nothing; the question stays")
    void badAnswers() {
        bot.command("alice", "checkin after");
        int text = indexOf(QuestionType.TEXT);
        for (int i = 0; i < text; i++) {
            Question q = after.questions().get(i);
            if (q.type() == QuestionType.SCALE) {
                assertTrue(plain(bot.say("alice", "11")).contains("from " + q.min() + " to " + q.max()));
                assertTrue(plain(bot.say("alice", "lots")).contains("one number"));
            } else if (q.type() != QuestionType.TEXT) {
                assertTrue(plain(bot.say("alice", "99")).contains("number"));
            }
            bot.say("alice", validReply(q));
        }
        Question q = after.questions().get(text);
        List<Message> tooLong = bot.say("alice", "x".repeat(q.maxLength() + 1));
        assertTrue(plain(tooLong).contains("the limit here is " + q.maxLength()), plain(tooLong));
        assertTrue(plain(bot.say("alice", "   ")).contains("looks empty"));
        List<Message> next = bot.say("alice", "y".repeat(q.maxLength()));
        assertFalse(plain(next).contains(q.prompt() + "\n"), "moved on after a valid answer");
    }

    @Test
    @DisplayName("GIVEN a session WHEN it ends THEN each partner's aftercare check-in greets them once, in the set's own words")
    void sessionEndGreetsOnce() {
        bot.command("alice", "session start");
        bot.inbox("bob");
        String toAlice = plain(bot.command("alice", "session end"));
        String toBob = plain(bot.inbox("bob"));
        for (String text : List.of(toAlice, toBob)) {
            assertTrue(text.contains(after.intro()), text);
            assertEquals(text.indexOf("Welcome back"), text.lastIndexOf("Welcome back"), text);
        }
        assertTrue(toBob.contains("alice started an aftercare check-in with you"), toBob);
    }

    @Test
    @DisplayName("Stop pauses with everything saved; resume picks up at the same question")
    void stopAndResume() {
        bot.command("alice", "checkin after");
        bot.say("alice", validReply(after.questions().get(0)));
        assertTrue(plain(bot.say("alice", "stop")).contains("Paused"));
        assertTrue(plain(bot.say("alice", "3")).contains("paused"));
        List<Message> resumed = bot.command("alice", "checkin resume");
        assertTrue(plain(resumed).contains(after.questions().get(1).prompt()), plain(resumed));
    }

    @Test
    @DisplayName("GIVEN a check-in stopped with its button WHEN the Resume control on the paused message is used "
            + "THEN it picks up at the same question")
    void thePausedMessageOffersAWayBack() {
        List<Message> first = bot.command("alice", "checkin after");
        List<Message> paused = bot.press("alice", TestBot.ref(first, "Stop for now"));
        assertTrue(plain(paused).contains("Paused"), plain(paused));
        List<Message> resumed = bot.press("alice", TestBot.ref(paused, "Resume"));
        assertTrue(plain(resumed).contains(after.questions().get(0).prompt()), plain(resumed));
    }

    @Test
    @DisplayName("A button for an earlier question changes nothing and shows where the person is")
    void staleButton() {
        List<Message> first = bot.command("alice", "checkin after");
        String skip = TestBot.ref(first, "Skip");
        String answerRef = TestBot.promptRef(first);
        bot.say("alice", "skip");
        assertTrue(plain(bot.press("alice", skip)).contains("earlier step"));
        assertTrue(plain(bot.answer("alice", answerRef, "1")).contains("earlier step"));
        assertTrue(plain(bot.command("alice", "checkin resume")).contains(after.questions().get(1).prompt()));
    }

    @Test
    @DisplayName("GIVEN a written answer for a question the check-in has moved past, or for a check-in already sent "
            + "WHEN it arrives THEN nothing changes and the refusal shows the person what they wrote")
    void aRefusedWrittenAnswerIsShownBack() {
        List<Message> current = bot.command("alice", "checkin after");
        int text = 0;
        while (after.questions().get(text).type() != QuestionType.TEXT) {
            current = bot.say("alice", "skip");
            text++;
        }
        String written = TestBot.promptRef(current);
        bot.say("alice", "skip");

        List<Message> stale = bot.answer("alice", written, "the words I wrote");
        assertTrue(stale.get(0).notice() && plain(stale).contains("earlier step"), plain(stale));
        assertTrue(plain(List.of(stale.get(0))).contains("the words I wrote"), plain(stale));
        assertTrue(plain(bot.command("alice", "checkin resume")).contains(after.questions().get(text + 1).prompt()),
                "nothing changed");

        for (int i = text + 1; i < after.questions().size(); i++) {
            bot.say("alice", "skip");
        }
        bot.say("alice", "submit");
        assertTrue(plain(bot.answer("alice", written, "more words")).contains("more words"));
        assertFalse(plain(bot.answer("alice", written, "   ")).contains("what you wrote"), "nothing written, nothing to show");
        assertFalse(plain(bot.answer("mallory", written, "probe")).contains("probe"), "a stranger learns nothing of the question");
    }

    @Test
    @DisplayName("Someone else's check-in buttons do nothing but say so")
    void someoneElsesButton() {
        List<Message> first = bot.command("alice", "checkin after");
        String ref = TestBot.promptRef(first);
        assertTrue(plain(bot.answer("mallory", ref, "1")).contains("isn't yours"));
        assertTrue(plain(bot.press("mallory", TestBot.ref(first, "Stop for now"))).contains("isn't yours"));
        assertTrue(plain(bot.command("alice", "checkin resume")).contains(after.questions().get(0).prompt()));
    }

    @Test
    @DisplayName("Needs reach the partner at once only on an explicit send now, and only once")
    void needsSentOnlyOnExplicitSend() {
        int needs = -1;
        for (int i = 0; i < after.questions().size(); i++) {
            if (after.questions().get(i).sendNow()) {
                needs = i;
            }
        }
        assertTrue(needs >= 0, "the after set has a needs question");
        bot.command("alice", "checkin after");
        bot.inbox("bob");
        for (int i = 0; i < needs; i++) {
            bot.say("alice", "skip");
        }
        List<Message> offered = bot.say("alice", "1 3");
        assertTrue(plain(offered).contains("right away") && plain(offered).contains("[Send to bob now]"), plain(offered));
        assertEquals(List.of(), bot.inbox("bob"), "nothing goes to the partner without an explicit send");
        bot.press("alice", TestBot.ref(offered, "Send to bob now"));
        String toBob = plain(bot.inbox("bob"));
        Question q = after.questions().get(needs);
        assertTrue(toBob.contains("alice could use, right now") && toBob.contains(q.options().get(0).label())
                && toBob.contains(q.options().get(2).label()), toBob);
        assertTrue(plain(bot.say("alice", "send now")).contains("Already sent"));
        assertEquals(List.of(), bot.inbox("bob"));
        List<Message> review = List.of();
        for (int i = needs + 1; i < after.questions().size(); i++) {
            review = bot.say("alice", "skip");
        }
        String shown = plain(review);
        String item = shown.substring(shown.indexOf((needs + 1) + ". " + q.prompt()));
        item = item.substring(0, item.indexOf("\n" + (needs + 2) + ". "));
        assertTrue(item.contains("📨 Already sent to bob") && !item.contains("🔒 Private"),
                "a need sent at once is shown as sent, not as private: " + item);
    }

    @Test
    @DisplayName("Changing an answer from the review keeps its share choice and returns to the review")
    void editFromReviewKeepsShareChoice() {
        bot.command("alice", "checkin after");
        for (Question q : after.questions()) {
            bot.say("alice", validReply(q));
        }
        assertTrue(plain(bot.say("alice", "share 1")).contains("🤝"));
        bot.say("alice", "edit 1");
        List<Message> review = bot.say("alice", validReply(after.questions().get(0)).equals("9") ? "8" : "2");
        String text = plain(review);
        assertTrue(text.contains("your answers before you send them"), text);
        int first = text.indexOf("1. ");
        assertTrue(text.indexOf("🤝", first) < text.indexOf("2. "), "answer 1 still shared: " + text);
    }

    @Test
    @DisplayName("GIVEN a review left for changing an answer WHEN a control of that older review is pressed THEN it "
            + "is refused as an earlier step: nothing is shared or sent from a review no longer on screen")
    void reviewControlsActOnlyOnTheReviewOnScreen() {
        bot.command("alice", "checkin followup");
        bot.say("alice", "1");
        bot.say("alice", "felt fine");
        List<Message> review = bot.say("alice", "skip");
        assertTrue(plain(bot.press("alice", TestBot.ref(review, "Change 2"))).contains("Your answer so far"));
        for (String control : List.of("Share 1", "Share all", "Submit")) {
            List<Message> refused = bot.press("alice", TestBot.ref(review, control));
            assertTrue(plain(refused).contains("earlier step"), control + ": " + plain(refused));
        }
        List<Message> back = bot.say("alice", "back");
        String again = plain(back);
        assertTrue(again.contains("🔒 Private") && !again.contains("🤝"), again);
        assertFalse(plain(bot.inbox("bob")).contains("alice has sent"), "nothing was sent");
    }

    @Test
    @DisplayName("GIVEN alice has sent her check-in and bob has not WHEN she starts the same check-in again THEN she is "
            + "told it is sent and waits for bob, and is not shown her review as if it could still change")
    void startingASentCheckinAgainShowsNoReview() {
        bot.command("alice", "checkin followup");
        for (int i = 0; i < followup.questions().size(); i++) {
            bot.say("alice", "skip");
        }
        assertTrue(plain(bot.say("alice", "submit")).contains("that's sent"));

        List<Message> again = bot.command("alice", "checkin followup");

        String text = plain(again);
        assertTrue(text.contains("already sent") && text.contains("bob"), text);
        assertFalse(text.contains("your answers before you send them"), text);
        assertTrue(again.stream().allMatch(m -> m.actions().isEmpty() && m.prompt().isEmpty()), "no controls: " + text);
    }

    @Test
    @DisplayName("A second person's check-in waits its turn and comes up after the first is submitted")
    void twoCheckinsOneAfterTheOther() {
        bot.partners("carol", "alice");
        bot.command("bob", "checkin after alice");
        bot.say("alice", "skip");
        bot.command("carol", "checkin followup alice");
        assertTrue(plain(bot.inbox("alice")).contains(followup.title() + " with carol · waiting for you"));
        List<Message> done = null;
        for (int i = 1; i < after.questions().size(); i++) {
            done = bot.say("alice", "skip");
        }
        assertTrue(plain(done).contains(after.title() + " with bob · your answers"), plain(done));
        done = bot.say("alice", "submit");
        assertTrue(plain(done).contains("Another check-in is waiting"), plain(done));
        assertTrue(plain(done).contains(followup.title() + " with carol · 1 of"), plain(done));
    }
}
