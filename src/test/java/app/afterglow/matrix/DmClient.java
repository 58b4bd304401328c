package app.afterglow.matrix;

import app.afterglow.matrix.TypedRepliesOracle.Line;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.E2eeDevice;
import app.afterglow.testing.matrix.MessageContents;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static app.afterglow.testing.matrix.MessageContents.text;

/**
 * A person's Matrix client as the replies models drive it, in a DM with the bot that is plain or
 * end-to-end encrypted: what it sends, and the room as that person's client reads it.
 */
sealed interface DmClient {
    Duration WAIT = Duration.ofSeconds(15);

    String userId();

    /** Opens the DM with the bot and waits for its greeting; returns the room's id. */
    String openDm() throws InterruptedException;

    /** Sends a line of text; returns the event id. */
    String say(String room, String words);

    /** Answers {@code eventId} with the client's reply feature. */
    String replyTo(String room, String eventId, String words);

    /** Writes in the thread under {@code rootId}. */
    String inThread(String room, String rootId, String words);

    /** Deletes {@code eventId}, as a client's "remove" does. */
    void redact(String room, String eventId);

    /** Edits the person's message {@code eventId} to read {@code words}, as a client's "edit" does. */
    void edit(String room, String eventId, String words);

    /** The messages of {@code room} in the room's order, as this client reads them. */
    List<Line> room(String room);

    /** The whole content of each message the bot wrote in {@code room}, as this client reads it, in order. */
    List<String> fromBotContents(String room);

    /** A client in plain DMs, which the homeserver reads too. */
    record Plain(SimulatedUser user, MatrixStandIn standIn) implements DmClient {
        public Plain {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(standIn, "standIn");
        }

        @Override
        public String userId() {
            return user.userId();
        }

        @Override
        public String openDm() throws InterruptedException {
            String room = user.createDirectRoom(MatrixTestBot.BOT);
            user.awaitMessage(m -> m.path("body").asText().contains("not end-to-end encrypted"), WAIT);
            return room;
        }

        @Override
        public String say(String room, String words) {
            return user.say(room, words);
        }

        @Override
        public String replyTo(String room, String eventId, String words) {
            return user.replyTo(room, eventId, words);
        }

        @Override
        public String inThread(String room, String rootId, String words) {
            return user.inThread(room, rootId, words);
        }

        @Override
        public void redact(String room, String eventId) {
            user.redact(room, eventId);
        }

        @Override
        public void edit(String room, String eventId, String words) {
            user.edit(room, eventId, words);
        }

        @Override
        public List<Line> room(String room) {
            return standIn.timeline(room).stream()
                    .filter(e -> e.path("type").asText().equals("m.room.message"))
                    .map(e -> new Line(e.path("event_id").asText(), e.path("sender").asText(),
                            e.path("content").path("body").asText()))
                    .toList();
        }

        @Override
        public List<String> fromBotContents(String room) {
            return standIn.timeline(room).stream()
                    .filter(e -> e.path("type").asText().equals("m.room.message"))
                    .filter(e -> e.path("sender").asText().equals(MatrixTestBot.BOT))
                    .map(e -> e.path("content").toString())
                    .toList();
        }
    }

    /**
     * A libolm device in encrypted DMs, sending relations beside the ciphertext as clients do, and
     * what only encryption allows: a message whose room key comes late, the relation inside the
     * ciphertext, an earlier event posted again.
     */
    record Encrypted(E2eeDevice device) implements DmClient {
        public Encrypted {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public String userId() {
            return device.userId();
        }

        @Override
        public String openDm() throws InterruptedException {
            String room = device.createEncryptedDirectRoom(MatrixTestBot.BOT);
            device.awaitDecrypted(room, d -> d.sender().equals(MatrixTestBot.BOT)
                    && d.content().path("body").asText().contains("end-to-end encrypted"), WAIT);
            return room;
        }

        @Override
        public String say(String room, String words) {
            return device.sendEncrypted(room, words);
        }

        @Override
        public String replyTo(String room, String eventId, String words) {
            return device.sendEncrypted(room, reply(eventId, words));
        }

        /** As {@link #replyTo}, the relation inside the ciphertext only, as a few clients send it. */
        String replyToWithRelationInside(String room, String eventId, String words) {
            return device.sendEncryptedWithRelationInside(room, reply(eventId, words));
        }

        @Override
        public String inThread(String room, String rootId, String words) {
            return device.sendInThread(room, rootId, words);
        }

        @Override
        public void redact(String room, String eventId) {
            device.person().redact(room, eventId);
        }

        @Override
        public void edit(String room, String eventId, String words) {
            device.sendEncrypted(room, MessageContents.edit(eventId, words));
        }

        /** Sends {@code words} under a room key of its own, shared only when the key is released. */
        E2eeDevice.HeldKey sayWithLateKey(String room, String words) {
            return device.sendEncryptedWithLateKey(room, text(words));
        }

        /** Posts the ciphertext of {@code eventId} again, as a new event. */
        void replay(String room, String eventId) {
            device.replay(room, eventId);
        }

        @Override
        public List<Line> room(String room) {
            return device.decryptedEvents(room).stream()
                    .map(d -> new Line(d.eventId(), d.sender(), d.content().path("body").asText())).toList();
        }

        @Override
        public List<String> fromBotContents(String room) {
            return device.decryptedEvents(room).stream()
                    .filter(d -> d.sender().equals(MatrixTestBot.BOT))
                    .map(d -> d.content().toString())
                    .toList();
        }

        private static ObjectNode reply(String eventId, String words) {
            ObjectNode content = text(words);
            content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", eventId);
            return content;
        }
    }

    /** The client, when it is an encrypted one. */
    default Optional<Encrypted> encrypted() {
        return this instanceof Encrypted e ? Optional.of(e) : Optional.empty();
    }
}
