package app.afterglow.matrix;

import app.afterglow.testing.Await;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.TestLog;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static app.afterglow.matrix.Conversations.await;
import static app.afterglow.matrix.Conversations.count;
import static app.afterglow.matrix.Conversations.fromBot;
import static app.afterglow.matrix.Conversations.say;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarts, crashes and outages: nothing replayed, nothing missed, old history left alone. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MatrixRestartTest {
    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted();
    MatrixStandIn standIn;
    MatrixTestBot bot;
    SimulatedUser alice;
    SimulatedUser bob;

    @BeforeEach
    void names() {
        standIn = matrix.standIn();
        bot = matrix.bot();
        alice = matrix.alice();
        bob = matrix.bob();
    }

    @Test
    @DisplayName("GIVEN a check-in under way WHEN the bot stops, Alice answers and types on while it is down, and it starts again THEN her answer is handled once, what she typed before seeing the next question is shown back unfiled, and nothing is said twice")
    void restartMidFlowMissesAndRepeatsNothing() throws Exception {
        bot.start();
        String room = Conversations.partners(alice, bob).get(0);
        alice.say(room, "!afterglow checkin after");
        await(alice, "1 of 7");
        alice.say(room, "7");
        await(alice, "2 of 7");
        // Stopped once it has noted that question 2 reached her: a stop in the middle of a send is another test.
        standIn.awaitCaughtUp(MatrixTestBot.BOT, Conversations.WAIT);

        bot.stop();
        alice.say(room, "1 2");
        alice.say(room, "the slow start");
        bot.start();

        await(alice, "3 of 7");
        await(alice, "Here's where you are");
        assertEquals(2, count(alice, "3 of 7"), "the answer given while it was down moved her on once; the refusal "
                + "after it shows question 3 again");
        assertEquals(1, count(alice, "earlier step"), "words typed before question 3 was shown are not filed");
        assertEquals(1, count(alice, "> the slow start"), "and are shown back, so they aren't lost");
        assertEquals(0, count(alice, "4 of 7"));
        List<String> said = fromBot(alice);
        assertEquals(said.size(), new HashSet<>(said).size(), "nothing said twice: " + said);
    }

    @Test
    @DisplayName("GIVEN the bot crashed after handling a batch but before storing its sync position WHEN it starts again THEN the batch comes again and nothing is answered twice")
    void crashBeforeStoringTheSyncPositionRepeatsNothing() throws Exception {
        bot.start();
        String room = Conversations.openDm(alice);
        String before = bot.syncPosition();
        alice.say(room, "!afterglow help");
        await(alice, "partner invite");

        bot.crashBeforeStoringSync(before);
        bot.start();
        alice.say(room, "!afterglow settings");

        await(alice, "Time zone");
        assertEquals(1, count(alice, "partner invite"), "the repeated event was not handled again");
        List<String> said = fromBot(alice);
        assertEquals(said.size(), new HashSet<>(said).size(), "nothing said twice: " + said);
    }

    @Test
    @DisplayName("GIVEN more messages while the bot was down than one sync holds WHEN it comes back THEN it pages back through the gap and answers every one, once")
    void longAbsenceIsBackfilled() throws Exception {
        bot.start();
        String room = Conversations.openDm(alice);
        bot.stop();
        int missed = 60;
        for (int i = 0; i < missed; i++) {
            alice.say(room, "!afterglow settings");
        }
        bot.start();

        Await.until(Conversations.WAIT, missed + " answers to the settings", () -> count(alice, "Time zone") >= missed);
        assertEquals(missed, count(alice, "Time zone"));
        assertTrue(standIn.requestCount("GET", "/messages$") > 0, "the gap was filled from room history");
    }

    @Test
    @DisplayName("GIVEN messages in the bot's rooms from before it ever ran WHEN it starts for the first time THEN it answers none of them, but joins the DM waiting for it and answers what comes next")
    void firstStartIgnoresOldHistory() throws Exception {
        String aliceRoom = alice.createDirectRoom(MatrixTestBot.BOT);
        standIn.user(MatrixTestBot.BOT).join(aliceRoom);
        Instant longAgo = Instant.parse("2024-01-01T12:00:00Z");
        alice.sayAt(aliceRoom, "!afterglow help", longAgo);
        alice.sayAt(aliceRoom, "!afterglow partner invite @bob:local", longAgo);
        String bobRoom = bob.createDirectRoom(MatrixTestBot.BOT);

        bot.start();
        await(bob, "not end-to-end encrypted");
        assertTrue(standIn.timeline(bobRoom).stream().anyMatch(e -> e.path("state_key").asText().equals(MatrixTestBot.BOT)
                && e.path("content").path("membership").asText().equals("join")), "the waiting DM invite was accepted");
        alice.say(aliceRoom, "!afterglow help");

        await(alice, "partner invite");
        assertEquals(1, count(alice, "partner invite"), "only the new help was answered");
        assertTrue(fromBot(bob).stream().noneMatch(b -> b.contains("check-in partners")), "the old invite was not acted on");
    }

    @Test
    @DisplayName("GIVEN the homeserver goes away WHEN Alice writes meanwhile and it comes back THEN the bot, having waited and said so in its log, answers her once")
    void outageIsWaitedOut() throws Exception {
        bot.start();
        String room = Conversations.openDm(alice);

        standIn.stop();
        alice.say(room, "!afterglow help");
        Thread.sleep(500);
        standIn.start();

        await(alice, "partner invite");
        assertEquals(1, count(alice, "partner invite"));
        assertTrue(TestLog.text().contains("Matrix homeserver " + standIn.baseUri()) && TestLog.text().contains("trying again"),
                "the wait is in the log");
    }

    @Test
    @DisplayName("GIVEN the homeserver is down when the bot starts WHEN it comes up THEN the bot, having waited, logs in and answers")
    void startWaitsForTheHomeserver() throws Exception {
        standIn.stop();
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(700);
                standIn.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        later.start();

        bot.start();
        later.join();
        String room = Conversations.openDm(alice);
        alice.say(room, "!afterglow help");
        await(alice, "partner invite");
        assertTrue(TestLog.text().contains("Matrix homeserver " + standIn.baseUri() + " is not reachable"), "the wait is in the log");
    }
}
