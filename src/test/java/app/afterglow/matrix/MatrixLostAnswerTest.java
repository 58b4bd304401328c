package app.afterglow.matrix;

import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.BotAccount;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static app.afterglow.matrix.Conversations.WAIT;
import static app.afterglow.matrix.Conversations.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A question the homeserver posted though every answer to its send was lost is the question on screen. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MatrixLostAnswerTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN the homeserver posts the bot's next question but answers each of its tries with 500, so the "
            + "outbox keeps it to retry WHEN the person answers the question they can see THEN that answer is taken for "
            + "it, not refused as one for an earlier step, and the question is not posted twice")
    @SuppressWarnings("try") // the bot runs for the test's length; the test talks to it through the homeserver
    void anAnswerToAQuestionWhoseSendLostItsAnswersIsTakenForThatQuestion() throws Exception {
        try (MatrixStandIn standIn = MatrixStandIn.launch()) {
            BotAccount account = standIn.botAccount(MatrixTestBot.BOT, MatrixTestBot.BOT_PASSWORD);
            SimulatedUser alice = standIn.register("@alice:local", "Alice");
            SimulatedUser bob = standIn.register("@bob:local", "Bob");
            try (MatrixTestBot bot = new MatrixTestBot(dir, MatrixTestBot.config(standIn, account, List.of("*:local")))
                    .busyFor(standIn).start()) {
                String room = Conversations.partners(alice, bob).get(0);
                alice.say(room, "!afterglow checkin after");
                alice.awaitMessage(m -> body(m).contains("1 of 7"), WAIT);
                // Every try the client makes of one send, each taking effect and each answer lost.
                standIn.failNextAfterHandling(4, 500, Pattern.quote(room) + "/send/");

                String second = body(alice.sayAndAwaitReply(room, "7", WAIT));
                assertTrue(second.contains("2 of 7"), second);
                String third = body(alice.sayAndAwaitReply(room, "1 2", WAIT));

                assertFalse(third.contains("earlier step"), third);
                assertTrue(third.contains("3 of 7"), third);
                assertEquals(1, Conversations.count(alice, "2 of 7"), "the second question posted once");
            }
        }
    }
}
