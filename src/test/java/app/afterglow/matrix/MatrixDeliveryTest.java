package app.afterglow.matrix;

import app.afterglow.testing.Await;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.RecordedRequest;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static app.afterglow.matrix.Conversations.await;
import static app.afterglow.matrix.Conversations.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sends under a rate limit, server errors and lost answers: every message posted exactly once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MatrixDeliveryTest {
    @RegisterExtension
    final MatrixPair matrix = MatrixPair.started().allowing("@alice:local");
    MatrixStandIn standIn;
    MatrixTestBot bot;
    SimulatedUser alice;
    String room;

    @BeforeEach
    void openDm() throws InterruptedException {
        standIn = matrix.standIn();
        bot = matrix.bot();
        alice = matrix.alice();
        room = Conversations.openDm(alice);
        // Alice can read the greeting before the bot has its answer; faults are for what comes after.
        awaitSends("afterglow-greet-");
    }

    @Test
    @DisplayName("GIVEN the homeserver answers a send with 429 and then 500 WHEN the bot replies THEN it waits as asked, tries again with the same transaction id, and the reply is posted once")
    void rateLimitAndServerErrorPostOnce() throws Exception {
        standIn.failNext(1, 429, "/send/", Duration.ofMillis(300));
        standIn.failNext(1, 500, "/send/");

        alice.say(room, "!afterglow help");

        await(alice, "partner invite");
        assertEquals(1, count(alice, "partner invite"));
        List<RecordedRequest> sends = helpSends();
        assertEquals(List.of(429, 500, 200), sends.stream().map(RecordedRequest::status).toList());
        assertEquals(1, sends.stream().map(RecordedRequest::path).distinct().count(), "one transaction id throughout");
    }

    @Test
    @DisplayName("GIVEN a send that took effect but whose answer was lost WHEN the bot tries again THEN the homeserver sees the same transaction id and the reply is posted once")
    void lostAnswerPostsOnce() throws Exception {
        standIn.failNextAfterHandling(1, 500, "/send/");

        alice.say(room, "!afterglow help");

        await(alice, "partner invite");
        assertEquals(1, count(alice, "partner invite"));
        assertEquals(List.of(500, 200), helpSends().stream().map(RecordedRequest::status).toList());
    }

    @Test
    @DisplayName("GIVEN sends keep failing for longer than the bot retries at once WHEN the outbox tries again later THEN the reply is posted once")
    void outboxRetriesLater() throws Exception {
        standIn.failNext(6, 503, "/send/");

        alice.say(room, "!afterglow help");
        Await.until(Conversations.WAIT, "five sends, the greeting's and the reply's tries",
                () -> standIn.requestCount("PUT", "/send/") >= 5);
        assertEquals(0, count(alice, "partner invite"), "not posted while the homeserver fails");

        // The sync thread may still be recording its failed try when time moves, against the moved clock.
        for (int tick = 0; tick < 3 && count(alice, "partner invite") == 0; tick++) {
            bot.advance(Duration.ofMinutes(1));
        }

        assertEquals(1, count(alice, "partner invite"));
        assertTrue(helpSends().stream().anyMatch(r -> r.status() == 503));
    }

    /** The send requests of the one outbox message these tests post, in order, once one of them succeeded. */
    private List<RecordedRequest> helpSends() {
        return awaitSends("afterglow-out-");
    }

    /**
     * The send requests whose transaction id starts with {@code txnPrefix}, once the last succeeded:
     * a person may see a message before the bot has heard the answer to its send.
     */
    private List<RecordedRequest> awaitSends(String txnPrefix) {
        return Await.until(Conversations.WAIT, "successful send of " + txnPrefix, () -> standIn.requests().stream()
                        .filter(r -> r.method().equals("PUT") && r.path().contains("/send/m.room.message/" + txnPrefix))
                        .toList(),
                sends -> !sends.isEmpty() && sends.get(sends.size() - 1).status() == 200);
    }
}
