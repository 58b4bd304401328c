package app.afterglow.matrix;

import app.afterglow.testing.Await;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox on a homeserver that takes its time: different people's messages are posted side by side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MatrixOutboxLanesTest {
    private static final int PEOPLE = 6;
    private static final String INVITATION = "would like to be check-in partners";

    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted();

    @Test
    @DisplayName("GIVEN twelve people with a DM each and a homeserver that answers each send after half a second "
            + "WHEN six of them invite the other six at once THEN the invitations are posted side by side, the last "
            + "within a second and a half of the first (one after the other, the last came five seconds after), "
            + "each once")
    void invitationsToDifferentPeopleArePostedSideBySide() throws Exception {
        MatrixStandIn standIn = matrix.standIn();
        MatrixTestBot bot = matrix.bot().start();
        List<SimulatedUser> inviters = new ArrayList<>();
        List<String> rooms = new ArrayList<>();
        List<SimulatedUser> invitees = new ArrayList<>();
        List<String> inviteeRooms = new ArrayList<>();
        // The invitees have their DMs already: opening one is done once per person, under one lock.
        for (int i = 1; i <= PEOPLE; i++) {
            SimulatedUser inviter = standIn.register("@inviter" + i + ":local", "Inviter " + i);
            inviters.add(inviter);
            rooms.add(Conversations.openDm(inviter));
            SimulatedUser invitee = standIn.register("@invitee" + i + ":local", "Invitee " + i);
            invitees.add(invitee);
            inviteeRooms.add(Conversations.openDm(invitee));
        }
        standIn.awaitCaughtUp(MatrixTestBot.BOT, Conversations.WAIT);
        // Said while the bot is stopped, so that its first sync after the start hands it all six at
        // once and one drain of the outbox carries all six invitations.
        bot.stop();
        for (int i = 0; i < PEOPLE; i++) {
            inviters.get(i).say(rooms.get(i), "!afterglow partner invite " + invitees.get(i).userId());
        }
        Duration late = Duration.ofMillis(500);
        standIn.answerLate("/send/", late);
        bot.start();

        List<Long> postedAt = new ArrayList<>();
        for (String room : inviteeRooms) {
            Await.until(Duration.ofSeconds(30), "the invitation in " + room, () -> !invitations(standIn, room).isEmpty());
        }
        standIn.awaitCaughtUp(MatrixTestBot.BOT, Conversations.WAIT);
        for (String room : inviteeRooms) {
            List<JsonNode> theirs = invitations(standIn, room);
            assertEquals(1, theirs.size(), "one invitation in " + room);
            postedAt.add(theirs.get(0).path("origin_server_ts").asLong());
        }
        long spread = postedAt.stream().mapToLong(Long::longValue).max().orElseThrow()
                - postedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread < late.multipliedBy(3).toMillis(), "the last invitation was posted " + spread
                + " ms after the first");
    }

    @Test
    @DisplayName("GIVEN a homeserver that answers each send into Alice's DM after five seconds WHEN Bob asks for help "
            + "while the bot's answer to Alice waits for that THEN Bob's answer comes within two seconds (before, the "
            + "bot read nothing more until Alice's answer was through)")
    void aSlowSendToOnePersonHoldsUpNoOneElsesAnswer() throws Exception {
        MatrixStandIn standIn = matrix.standIn();
        matrix.bot().start();
        SimulatedUser alice = matrix.alice();
        SimulatedUser bob = matrix.bob();
        String aliceRoom = Conversations.openDm(alice);
        String bobRoom = Conversations.openDm(bob);
        standIn.awaitCaughtUp(MatrixTestBot.BOT, Conversations.WAIT);
        standIn.answerLate(Pattern.quote(aliceRoom) + "/send/", Duration.ofSeconds(5));
        int aliceHad = Conversations.fromBot(alice).size();
        alice.say(aliceRoom, "!afterglow help");
        // The stand-in shows a message before it answers its send: the bot is now waiting for that answer.
        Await.until(Conversations.WAIT, "the answer to Alice", () -> Conversations.fromBot(alice).size() > aliceHad);

        int bobHad = Conversations.fromBot(bob).size();
        long asked = System.nanoTime();
        bob.say(bobRoom, "!afterglow help");
        Await.until(Conversations.WAIT, "the answer to Bob", () -> Conversations.fromBot(bob).size() > bobHad);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertTrue(tookMillis < 2000, "Bob's answer came " + tookMillis + " ms after he asked");
    }

    private static List<JsonNode> invitations(MatrixStandIn standIn, String room) {
        return standIn.timeline(room).stream()
                .filter(event -> Conversations.body(event.path("content")).contains(INVITATION)).toList();
    }
}
