package app.afterglow.matrix;

import app.afterglow.testing.Await;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/** Small steps the Matrix tests share: answering several questions, waiting for a reply, counting replies. */
final class Conversations {
    static final Duration WAIT = Duration.ofSeconds(10);

    private Conversations() {
    }

    /** Says each line in turn, reading the bot's answer to one before typing the next, as a person does. */
    static void say(SimulatedUser who, String room, String... lines) throws InterruptedException {
        for (String line : lines) {
            who.sayAndAwaitReply(room, line, WAIT);
        }
    }

    /** The next message from someone else to {@code who} whose plain body contains {@code fragment}. */
    static JsonNode await(SimulatedUser who, String fragment) throws InterruptedException {
        return who.awaitMessage(m -> body(m).contains(fragment), WAIT);
    }

    static String body(JsonNode content) {
        return content.path("body").asText();
    }

    /** The plain bodies of everything the bot sent {@code who}, oldest first. */
    static List<String> fromBot(SimulatedUser who) {
        return who.messagesFrom(MatrixTestBot.BOT).stream().map(Conversations::body).toList();
    }

    /** How many messages from the bot to {@code who} contain {@code fragment}. */
    static long count(SimulatedUser who, String fragment) {
        return fromBot(who).stream().filter(b -> b.contains(fragment)).count();
    }

    /** Opens {@code who}'s DM with the bot, the way Element does, and waits for the bot's greeting. */
    static String openDm(SimulatedUser who) throws InterruptedException {
        String room = who.createDirectRoom(MatrixTestBot.BOT);
        await(who, "not end-to-end encrypted");
        return room;
    }

    /** Waits for the DM the bot opened for {@code who} (a message containing {@code fragment}) and joins it. */
    static String joinBotsDm(SimulatedUser who, String fragment) throws InterruptedException {
        await(who, fragment);
        String room = who.pendingInvites().get(0);
        who.join(room);
        return room;
    }

    /** Waits until the bot has joined {@code roomId}. */
    static void awaitJoined(MatrixStandIn standIn, String roomId) {
        Await.until(WAIT, "join of the bot to " + roomId, () -> standIn.timeline(roomId).stream()
                .anyMatch(e -> e.path("type").asText().equals("m.room.member")
                        && e.path("state_key").asText().equals(MatrixTestBot.BOT)
                        && e.path("content").path("membership").asText().equals("join")));
    }

    /** Makes Alice and Bob partners over Matrix; returns their DM rooms with the bot, Alice's first. */
    static List<String> partners(SimulatedUser alice, SimulatedUser bob) throws InterruptedException {
        String aliceRoom = openDm(alice);
        alice.say(aliceRoom, "!afterglow partner invite " + bob.userId());
        String bobRoom = joinBotsDm(bob, "would like to be check-in partners");
        bob.say(bobRoom, "!afterglow partner accept");
        await(alice, "said yes");
        return List.of(aliceRoom, bobRoom);
    }
}
