package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static app.afterglow.testing.matrix.MessageContents.text;

/**
 * A person on the stand-in, acting on its state directly rather than over HTTP: their actions are
 * never hit by injected faults and never appear in the request log, so both describe only the bot.
 *
 * <p>Thread-safe; may be called from the test thread while the bot runs on its own. Anything the
 * homeserver would refuse (speaking in a room one has not joined, joining without an invite)
 * throws {@link MatrixError}.
 */
public final class SimulatedUser {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HomeserverState state;
    private final Clock clock;
    private final String userId;
    /** Stream position of the last message {@link #awaitMessage} returned; guarded by the state monitor. */
    private long awaitCursor;

    SimulatedUser(HomeserverState state, Clock clock, String userId) {
        this.state = state;
        this.clock = clock;
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }

    /**
     * Opens a direct chat the way Element does: a trusted private room, {@code is_direct} on the
     * invite to {@code otherUserId}, and the room added to this user's {@code m.direct}.
     *
     * @return the new room's id; the other user is invited, not yet joined
     */
    public String createDirectRoom(String otherUserId) {
        return createDirectRoom(otherUserId, List.of());
    }

    /** Like {@link #createDirectRoom}, with {@code m.room.encryption} (megolm) in the initial state. */
    public String createEncryptedDirectRoom(String otherUserId) {
        ObjectNode encryption = JSON.objectNode().put("algorithm", "m.megolm.v1.aes-sha2");
        return createDirectRoom(otherUserId, List.of(new RoomCreation.StateEntry("m.room.encryption", "", encryption)));
    }

    /** Creates a private group room (not direct) with {@code invitees} invited. */
    public String createGroupRoom(List<String> invitees) {
        return state.createRoom(userId, new RoomCreation("private_chat", false, invitees, List.of(), null, null, null));
    }

    /**
     * Turns end-to-end encryption on in a room, as a client's room settings do; from then on
     * messages there are {@code m.room.encrypted}.
     */
    public void enableEncryption(String roomId) {
        state.putState(userId, roomId, "m.room.encryption", "", JSON.objectNode().put("algorithm", "m.megolm.v1.aes-sha2"));
    }

    /** Sets the room's {@code m.room.encryption} state to {@code content}, e.g. with rotation periods. */
    public void setEncryption(String roomId, ObjectNode content) {
        state.putState(userId, roomId, "m.room.encryption", "", content);
    }

    /** Takes {@code displayName} in {@code roomId} only, as a client's per-room nickname does: a new membership event. */
    public void renameIn(String roomId, String displayName) {
        state.putState(userId, roomId, "m.room.member", userId,
                JSON.objectNode().put("membership", "join").put("displayname", displayName));
    }

    /** Joins a room, typically accepting the bot's invite (see {@link #pendingInvites}). */
    public void join(String roomId) {
        state.join(userId, roomId);
    }

    /** Invites {@code invitee} into a room this user is in. */
    public void invite(String roomId, String invitee) {
        state.invite(userId, roomId, invitee);
    }

    /** Leaves a room or rejects an invite. */
    public void leave(String roomId) {
        state.leave(userId, roomId, null);
    }

    /** Ids of rooms this user is invited to and has not yet joined or rejected. */
    public List<String> pendingInvites() {
        return state.roomsWithMembership(userId, "invite");
    }

    /**
     * Sends a plain-text {@code m.room.message}. In an encrypted room it sends what a real client
     * would: an {@code m.room.encrypted} event whose ciphertext nobody here can read.
     *
     * @return the event id
     */
    public String say(String roomId, String body) {
        return post(roomId, text(body), clock.millis());
    }

    /**
     * Sends {@code body} as {@link #say} does, then waits, at most {@code timeout}, for the next
     * message someone else sends to that room and until its sender is back in a sync with nothing
     * new — as a person reads the bot's whole answer before typing again — and returns the first
     * message of that answer. Leaves {@link #awaitMessage}'s place where it was.
     *
     * @throws AssertionError when nothing comes in time
     */
    public JsonNode sayAndAwaitReply(String roomId, String body, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            say(roomId, body);
            long sent = state.position();
            return awaitAfter(roomId, sent, body, deadline);
        }
    }

    /** The first message from someone else in {@code roomId} after stream position {@code sent}; hold the state's lock. */
    private JsonNode awaitAfter(String roomId, long sent, String body, long deadline) throws InterruptedException {
        while (true) {
            Optional<StoredEvent> reply = state.messagesVisibleTo(userId).stream()
                    .filter(e -> e.ordinal() > sent && e.roomId().equals(roomId) && !e.sender().equals(userId))
                    .findFirst();
            if (reply.isPresent()) {
                if (!state.awaitCaughtUp(reply.get().sender(), deadline)) {
                    throw new AssertionError(reply.get().sender() + " did not finish answering \"" + body + "\"");
                }
                return reply.get().content().deepCopy();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("No reply to \"" + body + "\" for " + userId);
            }
            state.awaitChange(state.position(), deadline);
        }
    }

    /**
     * Replies to event {@code eventId} with the client's reply feature (an {@code m.in_reply_to}
     * relation, no quoted fallback, as clients since spec v1.13 send it) and waits for the next
     * message someone else sends to that room, as {@link #sayAndAwaitReply} does.
     */
    public JsonNode replyAndAwaitReply(String roomId, String eventId, String body, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            replyTo(roomId, eventId, body);
            long sent = state.position();
            return awaitAfter(roomId, sent, body, deadline);
        }
    }

    /**
     * Replies to event {@code eventId} with the client's reply feature, as
     * {@link #replyAndAwaitReply} does, without waiting.
     *
     * @return the event id
     */
    public String replyTo(String roomId, String eventId, String body) {
        ObjectNode content = text(body);
        content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", eventId);
        return post(roomId, content, clock.millis());
    }

    /**
     * Writes {@code body} in the thread under {@code rootId}, as a client with threads does: the
     * thread relation and, for clients without threads, a reply to the thread's latest message
     * (the root, for the first) marked as only a fallback.
     *
     * @return the event id
     */
    public String inThread(String roomId, String rootId, String body) {
        ObjectNode content = text(body);
        content.set("m.relates_to", threadRelation(state, roomId, rootId));
        return post(roomId, content, clock.millis());
    }

    /**
     * The relation of a new message in the thread under {@code rootId}: the thread, and as the
     * fallback reply its latest message, read from the relations in the clear (an encrypted
     * message's too).
     */
    static ObjectNode threadRelation(HomeserverState state, String roomId, String rootId) {
        String latest = rootId;
        for (StoredEvent event : state.timeline(roomId)) {
            JsonNode relates = event.content().path("m.relates_to");
            if (relates.path("rel_type").asText().equals("m.thread") && relates.path("event_id").asText().equals(rootId)) {
                latest = event.eventId();
            }
        }
        ObjectNode relates = JSON.objectNode().put("rel_type", "m.thread").put("event_id", rootId)
                .put("is_falling_back", true);
        relates.putObject("m.in_reply_to").put("event_id", latest);
        return relates;
    }

    /** The id of the newest event from someone else, in any room this user is in, whose content matches. */
    public Optional<String> newestEventId(Predicate<JsonNode> matching) {
        List<StoredEvent> events = state.messagesVisibleTo(userId).stream()
                .filter(e -> !e.sender().equals(userId) && matching.test(e.content())).toList();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).eventId());
    }

    /**
     * Edits this user's message {@code eventId} to read {@code body}, as a client's "edit" sends it:
     * a replacement naming the first message, with the new words in {@code m.new_content} and a
     * starred fallback for clients without edits.
     *
     * @return the edit's event id
     */
    public String edit(String roomId, String eventId, String body) {
        return post(roomId, MessageContents.edit(eventId, body), clock.millis());
    }

    /** Deletes (redacts) event {@code eventId} of {@code roomId}, as a client's "remove" does; returns the redaction's id. */
    public String redact(String roomId, String eventId) {
        return state.redact(userId, roomId, eventId, clock.millis());
    }

    /** Sends {@code body} with {@code html} as its {@code org.matrix.custom.html} formatted body. */
    public String sayHtml(String roomId, String body, String html) {
        ObjectNode content = text(body).put("format", "org.matrix.custom.html").put("formatted_body", html);
        return post(roomId, content, clock.millis());
    }

    /** Sends a plain-text message stamped {@code sentAt}: for seeding history that predates the bot. */
    public String sayAt(String roomId, String body, Instant sentAt) {
        return post(roomId, text(body), sentAt.toEpochMilli());
    }

    /** Contents of the {@code m.room.message} events others sent to {@code roomId}, oldest first. */
    public List<JsonNode> receivedMessages(String roomId) {
        return state.messagesVisibleTo(userId).stream()
                .filter(e -> e.roomId().equals(roomId) && !e.sender().equals(userId))
                .map(e -> (JsonNode) e.content().deepCopy())
                .toList();
    }

    /** Contents of the {@code m.room.message} events {@code senderId} sent to any room this user is in, oldest first. */
    public List<JsonNode> messagesFrom(String senderId) {
        return state.messagesVisibleTo(userId).stream()
                .filter(e -> e.sender().equals(senderId))
                .map(e -> (JsonNode) e.content().deepCopy())
                .toList();
    }

    /**
     * Waits, at most {@code timeout}, for a message from someone else whose content matches, in
     * any room this user is in, and returns that content. Messages that arrived before the call
     * count, so a quick bot cannot win a race against the test; but each call only looks past the
     * message the previous call returned, so successive calls walk forward through a conversation.
     *
     * The predicate runs under the stand-in's lock: keep it a plain check on the content.
     *
     * @throws AssertionError when nothing matches in time, listing the bodies that did arrive
     */
    public JsonNode awaitMessage(Predicate<JsonNode> matching, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(matching, "matching");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (true) {
                List<StoredEvent> candidates = state.messagesVisibleTo(userId).stream()
                        .filter(e -> e.ordinal() > awaitCursor && !e.sender().equals(userId))
                        .toList();
                for (StoredEvent event : candidates) {
                    if (matching.test(event.content())) {
                        awaitCursor = event.ordinal();
                        return event.content().deepCopy();
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("No matching message for " + userId + " within " + timeout
                            + "; bodies that arrived: " + candidates.stream().map(e -> e.content().path("body").asText()).toList());
                }
                state.awaitChange(state.position(), deadline);
            }
        }
    }

    private String createDirectRoom(String otherUserId, List<RoomCreation.StateEntry> initialState) {
        RoomCreation creation = new RoomCreation("trusted_private_chat", true, List.of(otherUserId), initialState,
                null, null, null);
        synchronized (state) {
            String roomId = state.createRoom(userId, creation);
            ObjectNode direct = state.accountData(userId, "m.direct").orElseGet(JSON::objectNode);
            JsonNode existing = direct.path(otherUserId);
            ArrayNode rooms = existing.isArray() ? (ArrayNode) existing : direct.putArray(otherUserId);
            rooms.add(roomId);
            state.putAccountData(userId, "m.direct", direct);
            return roomId;
        }
    }

    private String post(String roomId, ObjectNode content, long originServerTs) {
        synchronized (state) {
            if (state.room(roomId).isEncrypted()) {
                return state.post(userId, roomId, "m.room.encrypted", ciphertext(), originServerTs);
            }
            return state.post(userId, roomId, "m.room.message", content, originServerTs);
        }
    }

    /** Opaque on purpose: the plaintext is not kept, just as a bot without keys could not recover it. */
    private static ObjectNode ciphertext() {
        return JSON.objectNode()
                .put("algorithm", "m.megolm.v1.aes-sha2")
                .put("ciphertext", UUID.randomUUID().toString().replace("-", ""))
                .put("device_id", "SIMULATED")
                .put("sender_key", "simulated-sender-key")
                .put("session_id", "simulated-session");
    }
}
