package app.afterglow.console;

import app.afterglow.testing.ConsoleSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A typed reply answers exactly the check-in step its writer was last shown, when they have
 * several check-ins going: the three scenarios that once filed words in — and revealed them
 * from — a check-in nobody was looking at, over the console.
 */
class ReplyRoutingTest {
    /** A Friday evening, far from quiet hours in UTC. */
    private static final Instant EVENING = Instant.parse("2026-11-20T18:00:00Z");

    @TempDir
    Path dir;

    /** The text of the last message titled with {@code title} in {@code transcript}, up to the next title. */
    static String last(String transcript, String title) {
        int at = transcript.lastIndexOf("** " + title);
        if (at < 0) {
            return "";
        }
        int next = transcript.indexOf("\n** ", at + 3);
        return transcript.substring(at, next < 0 ? transcript.length() : next);
    }

    @Test
    @DisplayName("GIVEN alice answering bob's follow-up WHEN carol starts one with her THEN it waits, and alice's words "
            + "typed with bob's question on screen never reach carol")
    void wordsTypedForBobNeverReachCarol() {
        try (ConsoleSession console = new ConsoleSession(dir, EVENING)) {
            console.type("alice: /partner invite bob", "bob: /partner accept", "alice: /partner invite carol",
                    "carol: /partner accept", "alice: /checkin followup bob", "alice: 1", "carol: /checkin followup",
                    "alice: 1", "alice: /checkin followup bob", "alice: SECRET-FOR-BOB", "alice: skip", "alice: share all",
                    "alice: submit", "carol: 1", "carol: hi", "carol: hi", "carol: share all", "carol: submit");
            String alice = console.transcript("alice");
            assertTrue(alice.contains("** Checking in with carol · waiting for you **"), alice);
            assertTrue(last(alice, "Checking in with bob · your answers").contains("> SECRET-FOR-BOB"), alice);
            assertFalse(console.transcript("carol").contains("SECRET-FOR-BOB"), console.transcript("carol"));
            assertFalse(alice.contains("Checking in with carol · what you both shared"),
                    "alice never sent her check-in with carol, so nothing of it is revealed: " + alice);
        }
    }

    @Test
    @DisplayName("GIVEN dave with carol's review on screen WHEN he says submit THEN carol's check-in is sent, not the one "
            + "with bob, and bob sees nothing of dave's")
    void submitActsOnTheReviewOnScreen() {
        try (ConsoleSession console = new ConsoleSession(dir, EVENING)) {
            console.type("dave: /partner invite bob", "bob: /partner accept", "dave: /partner invite carol",
                    "carol: /partner accept", "dave: /checkin followup carol", "dave: 1", "dave: carol-only words",
                    "dave: skip", "dave: /session end bob", "dave: 5", "dave: 1", "dave: skip", "dave: BOB-Q4-WORDS",
                    "dave: skip", "dave: skip", "dave: skip", "dave: share all", "dave: /checkin followup carol",
                    "dave: submit", "bob: 5", "bob: skip", "bob: skip", "bob: bob enjoyed", "bob: skip", "bob: skip",
                    "bob: skip", "bob: share all", "bob: submit");
            String dave = console.transcript("dave");
            String bob = console.transcript("bob");
            assertTrue(dave.contains("Thank you — that's sent. When carol has finished too"), dave);
            assertFalse(bob.contains("what you both shared"), "dave never submitted with bob: " + bob);
            assertFalse(bob.contains("carol-only words"), bob);
            assertFalse(bob.contains("BOB-Q4-WORDS"), bob);
            assertTrue(bob.contains("When dave has finished too"), bob);
        }
    }

    @Test
    @DisplayName("GIVEN a follow-up that opens in quiet hours while dave is mid-aftercare WHEN he next speaks THEN he is "
            + "told, the aftercare it supersedes takes nothing more and reveals nothing, and words typed for it never "
            + "reach the follow-up")
    void followupOpeningInQuietHoursSupersedesTheAftercare() {
        // Ended at 04:00, the follow-up is due at midnight, deep in the default quiet hours (22:00–08:00 UTC).
        try (ConsoleSession console = new ConsoleSession(dir, Instant.parse("2026-11-20T04:00:00Z"))) {
            console.type("dave: /partner invite bob", "bob: /partner accept", "dave: /session end", "dave: 5", "dave: 1",
                    "bob: 5", "dave: /clock +21h");
            assertFalse(console.transcript("dave").contains("Checking in with bob"), "nothing opened before dave spoke");
            console.type("dave: DAVE-AFTERCARE-WORDS");
            String spoke = console.transcript("dave");
            assertTrue(spoke.contains("Aftercare with bob isn't taking answers any more, so I didn't save that."), spoke);
            assertTrue(spoke.contains("> DAVE-AFTERCARE-WORDS"), "his words are shown back: " + spoke);
            assertTrue(last(spoke, "Checking in with bob · 1 of 3").contains("How are you feeling today?"), spoke);
            assertTrue(last(spoke, "Aftercare with bob").contains("This check-in has closed. Nothing was shared this time."),
                    spoke);
            console.type("dave: 1", "dave: DAVE-FOLLOWUP-WORDS", "dave: skip", "dave: share all", "dave: submit",
                    "bob: skip", "bob: 2", "bob: bob felt fine", "bob: skip", "bob: share all", "bob: submit");
            String bob = console.transcript("bob");
            assertTrue(last(bob, "Checking in with dave · what you both shared").contains("dave: DAVE-FOLLOWUP-WORDS"), bob);
            assertFalse(bob.contains("DAVE-AFTERCARE-WORDS"), bob);
            assertFalse(bob.contains("Aftercare with dave · what you both shared"), "the superseded aftercare reveals nothing");
            assertFalse(last(console.transcript("dave"), "Checking in with bob · your answers").contains("AFTERCARE"));
        }
    }

    @Test
    @DisplayName("GIVEN a free-text question on screen WHEN resume, skip-like words or a review word arrive THEN "
            + "resume and continue are never stored as an answer")
    void resumeIsNeverAnAnswer() {
        try (ConsoleSession console = new ConsoleSession(dir, EVENING)) {
            console.type("alice: /partner invite bob", "bob: /partner accept", "alice: /checkin followup", "alice: 1",
                    "alice: resume", "alice: continue", "alice: skip", "alice: skip");
            String review = last(console.transcript("alice"), "Checking in with bob · your answers");
            assertFalse(review.contains("> resume"), review);
            assertFalse(review.contains("> continue"), review);
            assertTrue(console.transcript("alice").contains("Welcome back — here's where you were."));
        }
    }

    @Test
    @DisplayName("GIVEN check-ins with two partners WHEN /checkin resume names one THEN that partner's check-in is "
            + "shown, and the next reply goes there")
    void resumeNamesThePartner() {
        try (ConsoleSession console = new ConsoleSession(dir, EVENING)) {
            console.type("alice: /partner invite bob", "bob: /partner accept", "alice: /partner invite carol",
                    "carol: /partner accept", "alice: /checkin followup bob", "alice: 1", "alice: /checkin followup carol",
                    "alice: /checkin resume bob", "alice: FOR-BOB", "alice: /checkin resume carol", "alice: 2",
                    "alice: FOR-CAROL", "alice: skip");
            String alice = console.transcript("alice");
            assertTrue(last(alice, "Checking in with bob · 3 of 3").contains("Checking in with bob"), alice);
            assertTrue(last(alice, "Checking in with carol · your answers").contains("> FOR-CAROL"), alice);
            assertFalse(last(alice, "Checking in with carol · your answers").contains("FOR-BOB"), alice);
        }
    }

    @Test
    @DisplayName("GIVEN two check-ins going and the one on screen closed WHEN a reply is typed THEN it is not filed; "
            + "the bot asks which check-in, naming each partner, and shows the words back")
    void lostFocusAsksWhich() {
        try (ConsoleSession console = new ConsoleSession(dir, EVENING)) {
            console.type("alice: /partner invite bob", "bob: /partner accept", "alice: /partner invite carol",
                    "carol: /partner accept", "alice: /partner invite erin", "erin: /partner accept",
                    "bob: /checkin followup alice", "alice: 1", "carol: /checkin followup alice",
                    "erin: /checkin followup alice", "bob: /partner end alice", "alice: MEANT-FOR-BOB");
            String alice = console.transcript("alice");
            assertTrue(alice.contains("Checking in with bob isn't taking answers any more, so I didn't save that."), alice);
            assertTrue(alice.contains("> MEANT-FOR-BOB"), alice);
            assertTrue(alice.contains("Which one would you like to open?"), alice);
            assertTrue(alice.contains("• Checking in with carol — question 1 of 3: /checkin followup carol"), alice);
            assertTrue(alice.contains("• Checking in with erin — question 1 of 3: /checkin followup erin"), alice);
            assertFalse(console.transcript("carol").contains("MEANT-FOR-BOB"));
            console.type("alice: /checkin followup erin", "alice: 1", "alice: skip", "alice: skip");
            assertFalse(last(console.transcript("alice"), "Checking in with erin · your answers").contains("MEANT-FOR-BOB"));
        }
    }

    @Test
    @DisplayName("GIVEN nothing going WHEN someone just says hello THEN they are told nothing is waiting, without their "
            + "words read back; GIVEN their check-in closed while they answered THEN their words are shown back")
    void wordsAreShownBackOnlyWhenTheyMayHaveBeenAnAnswer() {
        try (ConsoleSession console = new ConsoleSession(dir, EVENING)) {
            console.type("alice: hello there");
            String hello = console.transcript("alice");
            assertTrue(hello.contains("I'm not waiting for an answer from you right now."), hello);
            assertFalse(hello.contains("> hello there"), hello);
            console.type("alice: /partner invite bob", "bob: /partner accept", "alice: /checkin followup", "alice: 1",
                    "bob: /partner end alice", "alice: LATE-WORDS");
            String late = console.transcript("alice");
            assertTrue(late.contains("Checking in with bob isn't taking answers any more"), late);
            assertTrue(late.contains("> LATE-WORDS"), late);
        }
    }
}
