package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Everything the stand-in knows, in memory: accounts, sessions, rooms, aliases and sent
 * transactions, all ordered by one global stream position. It outlives the HTTP server, which is
 * how a stop and start keeps state.
 *
 * <p>Thread-safe: every method holds this object's monitor, and every change wakes the threads
 * parked in {@link #awaitChange}, which is how long-polling syncs and bounded waits return early.
 */
final class HomeserverState {
    static final String SERVER_NAME = "local";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Clock clock;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, String> sentTransactions = new HashMap<>();
    private final Map<String, StoredMedia> media = new HashMap<>();
    private long position;
    /** Long-polling syncs parked with nothing new to send, by user: such a client has handled all it was sent. */
    private final Map<String, Integer> caughtUp = new HashMap<>();
    private long roomCounter;
    private long sessionCounter;

    HomeserverState(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    synchronized long position() {
        return position;
    }

    /**
     * Parks the caller until the stream moves past {@code seen} or {@code deadlineNanos}
     * ({@link System#nanoTime()} based) passes. Call while holding the monitor, right after
     * reading {@code seen}, so no change can slip in between.
     */
    synchronized void awaitChange(long seen, long deadlineNanos) throws InterruptedException {
        long left;
        while (position == seen && (left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** A sync of {@code userId} parks with nothing new ({@code parked}), or wakes. */
    synchronized void caughtUp(String userId, boolean parked) {
        caughtUp.merge(userId, parked ? 1 : -1, Integer::sum);
        notifyAll();
    }

    /**
     * Parks the caller until a sync of {@code userId} is parked with nothing new — that client has
     * done all it was going to do with what it had — or {@code deadlineNanos} passes.
     */
    synchronized boolean awaitCaughtUp(String userId, long deadlineNanos) throws InterruptedException {
        long left;
        while (caughtUp.getOrDefault(userId, 0) <= 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return caughtUp.getOrDefault(userId, 0) > 0;
    }

    synchronized void register(String userId, String displayName, String password) {
        if (!userId.matches("@[^:]+:.+")) {
            throw new IllegalArgumentException("Not a Matrix user id: " + userId);
        }
        if (accounts.containsKey(userId)) {
            throw new IllegalArgumentException("Already registered: " + userId);
        }
        accounts.put(userId, new Account(displayName, password));
    }

    synchronized Optional<Account> account(String userId) {
        return Optional.ofNullable(accounts.get(userId));
    }

    synchronized Session openSession(String userId, String deviceId) {
        long n = ++sessionCounter;
        String device = deviceId == null ? "STANDIN" + n : deviceId;
        Session session = new Session(userId, device, "standin_token_" + n);
        sessions.put(session.accessToken(), session);
        return session;
    }

    synchronized Optional<Session> session(String accessToken) {
        return Optional.ofNullable(sessions.get(accessToken));
    }

    synchronized Room room(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            throw MatrixError.notFound("Unknown room " + roomId);
        }
        return room;
    }

    synchronized List<Room> rooms() {
        return List.copyOf(rooms.values());
    }

    synchronized String createRoom(String creator, RoomCreation spec) {
        String roomId = "!room" + (++roomCounter) + ":" + SERVER_NAME;
        String alias = spec.aliasLocalpart() == null ? null : "#" + spec.aliasLocalpart() + ":" + SERVER_NAME;
        if (alias != null && aliases.containsKey(alias)) {
            throw new MatrixError(400, "M_ROOM_IN_USE", "Alias already taken: " + alias);
        }
        Room room = new Room(roomId);
        rooms.put(roomId, room);
        boolean trusted = spec.preset().equals("trusted_private_chat");
        boolean isPublic = spec.preset().equals("public_chat");

        append(room, "m.room.create", "", creator, object().put("creator", creator).put("room_version", "10"));
        append(room, Room.MEMBER, creator, creator, memberContent("join", creator));
        ObjectNode powerLevels = object().put("users_default", 0).put("events_default", 0)
                .put("state_default", 50).put("invite", 0).put("kick", 50).put("ban", 50).put("redact", 50);
        ObjectNode users = powerLevels.putObject("users").put(creator, 100);
        if (trusted) {
            spec.invite().forEach(invitee -> users.put(invitee, 100));
        }
        append(room, "m.room.power_levels", "", creator, powerLevels);
        if (alias != null) {
            aliases.put(alias, roomId);
            append(room, "m.room.canonical_alias", "", creator, object().put("alias", alias));
        }
        append(room, "m.room.join_rules", "", creator, object().put("join_rule", isPublic ? "public" : "invite"));
        append(room, "m.room.history_visibility", "", creator, object().put("history_visibility", "shared"));
        append(room, "m.room.guest_access", "", creator, object().put("guest_access", isPublic ? "forbidden" : "can_join"));
        for (RoomCreation.StateEntry entry : spec.initialState()) {
            append(room, entry.type(), entry.stateKey(), creator, entry.content().deepCopy());
        }
        if (spec.name() != null) {
            append(room, "m.room.name", "", creator, object().put("name", spec.name()));
        }
        if (spec.topic() != null) {
            append(room, "m.room.topic", "", creator, object().put("topic", spec.topic()));
        }
        for (String invitee : spec.invite()) {
            ObjectNode content = memberContent("invite", invitee);
            if (spec.isDirect()) {
                content.put("is_direct", true);
            }
            append(room, Room.MEMBER, invitee, creator, content);
        }
        return roomId;
    }

    /** Joins by room id or alias; joining a room one is already in changes nothing. */
    synchronized String join(String userId, String roomIdOrAlias) {
        String roomId = roomIdOrAlias.startsWith("#") ? aliases.get(roomIdOrAlias) : roomIdOrAlias;
        if (roomId == null) {
            throw MatrixError.notFound("Unknown alias " + roomIdOrAlias);
        }
        Room room = room(roomId);
        String membership = room.membership(userId);
        if (membership.equals("join")) {
            return roomId;
        }
        boolean isPublic = room.stateEvent("m.room.join_rules", "")
                .map(e -> e.content().path("join_rule").asText().equals("public")).orElse(false);
        if (!membership.equals("invite") && !isPublic) {
            throw MatrixError.forbidden(userId + " is not invited to " + roomId);
        }
        append(room, Room.MEMBER, userId, userId, memberContent("join", userId));
        return roomId;
    }

    /** Invites {@code invitee}; inviting someone already invited changes nothing. */
    synchronized void invite(String inviter, String roomId, String invitee) {
        Room room = room(roomId);
        if (!room.isJoined(inviter)) {
            throw MatrixError.forbidden(inviter + " is not in " + roomId);
        }
        switch (room.membership(invitee)) {
            case "invite" -> {
            }
            case "join" -> throw MatrixError.forbidden(invitee + " is already in the room");
            case "ban" -> throw MatrixError.forbidden(invitee + " is banned from the room");
            default -> append(room, Room.MEMBER, invitee, inviter, memberContent("invite", invitee));
        }
    }

    /**
     * Leaves a joined room or rejects an invite, with the reason (or null) in the membership
     * event as the spec puts it; leaving when not a member changes nothing.
     */
    synchronized void leave(String userId, String roomId, String reason) {
        Room room = room(roomId);
        String membership = room.membership(userId);
        if (membership.equals("join") || membership.equals("invite")) {
            ObjectNode content = object().put("membership", "leave");
            if (reason != null) {
                content.put("reason", reason);
            }
            append(room, Room.MEMBER, userId, userId, content);
        }
    }

    /**
     * One page of a room's events for {@code GET /messages}: those between stream positions
     * {@code from} and {@code to} (exclusive; null for the room's start or the stream's end),
     * newest first when {@code backwards}, at most {@code limit}. The caller must be joined.
     */
    synchronized List<StoredEvent> page(String userId, String roomId, long from, Long to, boolean backwards, int limit) {
        Room room = room(roomId);
        requireJoined(room, userId);
        List<StoredEvent> events = new ArrayList<>(backwards
                ? room.timelineBetween(to == null ? 0 : to, from)
                : room.timelineBetween(from, to == null ? position : to));
        if (backwards) {
            Collections.reverse(events);
        }
        return List.copyOf(events.subList(0, Math.min(limit, events.size())));
    }

    /** Keeps an upload and returns its {@code mxc://} URI. */
    synchronized String upload(String filename, String contentType, byte[] data) {
        String uri = "mxc://" + SERVER_NAME + "/media" + (media.size() + 1);
        media.put(uri, new StoredMedia(filename, contentType, data.clone()));
        return uri;
    }

    synchronized Optional<StoredMedia> media(String uri) {
        return Optional.ofNullable(media.get(uri));
    }

    /**
     * Sends a message-like event for an HTTP client. The same access token and transaction id
     * return the first event's id and post nothing, as the spec's idempotency rule asks.
     */
    synchronized String send(Session session, String roomId, String type, String txnId, ObjectNode content) {
        String transaction = session.accessToken() + '\u0000' + txnId;
        String earlier = sentTransactions.get(transaction);
        if (earlier != null) {
            return earlier;
        }
        Room room = room(roomId);
        requireJoined(room, session.userId());
        StoredEvent event = append(room, type, null, session.userId(), content, clock.millis(), session, txnId);
        sentTransactions.put(transaction, event.eventId());
        return event.eventId();
    }

    /** Posts an event for a simulated user at the given time (so history can be back-dated). */
    synchronized String post(String sender, String roomId, String type, ObjectNode content, long originServerTs) {
        Room room = room(roomId);
        requireJoined(room, sender);
        return append(room, type, null, sender, content, originServerTs, null, null).eventId();
    }

    /** Sets room state as a joined member, e.g. turning encryption on. */
    synchronized void putState(String sender, String roomId, String type, String stateKey, ObjectNode content) {
        Room room = room(roomId);
        requireJoined(room, sender);
        append(room, type, stateKey, sender, content);
    }

    synchronized void putAccountData(String userId, String type, ObjectNode content) {
        Account account = accounts.get(userId);
        account.putAccountData(type, ++position, content.deepCopy());
        notifyAll();
    }

    synchronized Optional<ObjectNode> accountData(String userId, String type) {
        return Optional.ofNullable(accounts.get(userId)).flatMap(a -> a.accountData(type)).map(ObjectNode::deepCopy);
    }

    /** The current state of a room {@code userId} is joined to, or 403 M_FORBIDDEN. */
    synchronized List<StoredEvent> currentState(String userId, String roomId) {
        Room room = room(roomId);
        requireJoined(room, userId);
        return List.copyOf(room.currentState());
    }

    /** The members of a room {@code userId} is joined to, as their join events, or 403 M_FORBIDDEN. */
    synchronized List<StoredEvent> joinedMembers(String userId, String roomId) {
        return currentState(userId, roomId).stream()
                .filter(e -> e.type().equals(Room.MEMBER))
                .filter(e -> e.content().path("membership").asText().equals("join"))
                .toList();
    }

    synchronized List<String> roomsWithMembership(String userId, String membership) {
        return rooms.values().stream().filter(r -> r.membership(userId).equals(membership)).map(Room::id).toList();
    }

    synchronized List<StoredEvent> timeline(String roomId) {
        return room(roomId).timeline();
    }

    /** Messages ({@code m.room.message}) in every room {@code userId} has ever been in, in stream order. */
    synchronized List<StoredEvent> messagesVisibleTo(String userId) {
        return rooms.values().stream()
                .filter(room -> room.memberEvent(userId).isPresent())
                .flatMap(room -> room.timeline().stream())
                .filter(e -> e.type().equals("m.room.message"))
                .sorted((a, b) -> Long.compare(a.ordinal(), b.ordinal()))
                .toList();
    }

    private void requireJoined(Room room, String userId) {
        if (!room.isJoined(userId)) {
            throw MatrixError.forbidden(userId + " is not in " + room.id());
        }
    }

    private ObjectNode memberContent(String membership, String userId) {
        ObjectNode content = object().put("membership", membership);
        Account account = accounts.get(userId);
        if (account != null && account.displayName() != null) {
            content.put("displayname", account.displayName());
        }
        return content;
    }

    private void append(Room room, String type, String stateKey, String sender, ObjectNode content) {
        append(room, type, stateKey, sender, content, clock.millis(), null, null);
    }

    private StoredEvent append(Room room, String type, String stateKey, String sender, ObjectNode content,
                              long originServerTs, Session session, String txnId) {
        long ordinal = ++position;
        StoredEvent event = new StoredEvent(ordinal, "$ev" + ordinal, room.id(), type, stateKey, sender,
                originServerTs, content.deepCopy(), session == null ? null : session.accessToken(), txnId);
        room.append(event);
        notifyAll();
        return event;
    }

    private static ObjectNode object() {
        return JSON.objectNode();
    }
}
