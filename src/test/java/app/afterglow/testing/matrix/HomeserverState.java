package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Everything the stand-in knows, in memory: accounts, sessions, devices with their keys and
 * to-device inboxes, rooms, aliases and sent transactions, all ordered by one global stream
 * position. It outlives the HTTP server, which is
 * how a stop and start keeps state.
 *
 * <p>Thread-safe: every method holds this object's monitor, and every change wakes the threads
 * parked in {@link #awaitChange}, which is how long-polling syncs and bounded waits return early.
 */
final class HomeserverState {
    static final String SERVER_NAME = "local";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration BUSY_POLL = Duration.ofMillis(5);

    private final Clock clock;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, String> sentTransactions = new HashMap<>();
    private final Map<String, StoredMedia> media = new HashMap<>();
    /** By user id, then device id. */
    private final Map<String, Map<String, Device>> devices = new LinkedHashMap<>();
    private final Set<String> toDeviceTransactions = new HashSet<>();
    private final List<ObjectNode> toDeviceLog = new ArrayList<>();
    private long position;
    /** Long-polling syncs parked with nothing new to send, by user: such a client has handled all it was sent. */
    private final Map<String, Integer> caughtUp = new HashMap<>();
    /** The stream position at which each user's latest sync parked; older than {@link #position} once news came. */
    private final Map<String, Long> parkedAt = new HashMap<>();
    /** Per user, checks of their client's own that say it is still at work; see {@link #busyWhile}. */
    private final Map<String, List<BooleanSupplier>> busyWhile = new ConcurrentHashMap<>();
    private long roomCounter;
    private long sessionCounter;
    private int timelineLimit = SyncResponder.TIMELINE_LIMIT;

    HomeserverState(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    synchronized long position() {
        return position;
    }

    /** The most events a sync timeline holds; see {@link MatrixStandIn#timelineLimit}. */
    synchronized int timelineLimit() {
        return timelineLimit;
    }

    synchronized void timelineLimit(int events) {
        timelineLimit = events;
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
        if (parked) {
            parkedAt.put(userId, position);
        }
        notifyAll();
    }

    /**
     * Parks the caller until {@code userId}'s client has done all it was going to do with what it
     * had, or {@code deadlineNanos} passes: a sync of theirs is parked with nothing new, none of the
     * client's own {@link #busyWhile} checks says it still has work, and nothing came in between.
     * A sync that parked before the latest change does not count: it has not seen that change yet,
     * though it may not have woken up to it.
     */
    boolean awaitCaughtUp(String userId, long deadlineNanos) throws InterruptedException {
        while (true) {
            long parkedWith = awaitParked(userId, deadlineNanos);
            if (parkedWith < 0) {
                return false;
            }
            boolean busy = busyWhile.getOrDefault(userId, List.of()).stream().anyMatch(BooleanSupplier::getAsBoolean);
            if (!busy && stillParkedAt(userId, parkedWith)) {
                return true;
            }
            if (deadlineNanos - System.nanoTime() <= 0) {
                return false;
            }
            pause();
        }
    }

    /** Waits a moment, letting go of the monitor (which a caller may hold) so the stand-in serves meanwhile. */
    private synchronized void pause() throws InterruptedException {
        wait(BUSY_POLL.toMillis());
    }

    /**
     * Counts {@code busy} among the signs that {@code userId}'s client still has work: a bot that
     * sends on a thread of its own while its sync is parked is not done until that thread is. The
     * check may run with this object's monitor held, so it must take no lock a request waits for.
     */
    void busyWhile(String userId, BooleanSupplier busy) {
        busyWhile.computeIfAbsent(userId, u -> new CopyOnWriteArrayList<>()).add(busy);
    }

    /** The stream position a sync of the user's is parked at with nothing new, once it is; -1 past the deadline. */
    private synchronized long awaitParked(String userId, long deadlineNanos) throws InterruptedException {
        long left;
        while (!caughtUp(userId) && (left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return caughtUp(userId) ? position : -1;
    }

    private synchronized boolean stillParkedAt(String userId, long parkedWith) {
        return caughtUp(userId) && position == parkedWith;
    }

    private boolean caughtUp(String userId) {
        return caughtUp.getOrDefault(userId, 0) > 0 && parkedAt.getOrDefault(userId, -1L) >= position;
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
        // Logging in again with a known device id keeps that device and its keys, as Synapse does.
        devices.computeIfAbsent(userId, u -> new LinkedHashMap<>()).computeIfAbsent(device, Device::new);
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

    /**
     * Deletes {@code eventId} as {@code sender}: posts the redaction and strips the event's
     * content, as the redaction algorithm does for a message, so whoever reads it later gets an
     * empty content.
     */
    synchronized String redact(String sender, String roomId, String eventId, long originServerTs) {
        Room room = room(roomId);
        requireJoined(room, sender);
        room.timeline().stream().filter(e -> e.eventId().equals(eventId)).findFirst()
                .ifPresent(e -> e.content().removeAll());
        return append(room, "m.room.redaction", null, sender, JSON.objectNode().put("redacts", eventId), originServerTs,
                null, null).eventId();
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

    /** One event of a room {@code userId} is joined to, or 404 M_NOT_FOUND; 403 M_FORBIDDEN when not joined. */
    synchronized StoredEvent event(String userId, String roomId, String eventId) {
        Room room = room(roomId);
        requireJoined(room, userId);
        return room.timeline().stream().filter(e -> e.eventId().equals(eventId)).findFirst()
                .orElseThrow(() -> MatrixError.notFound("Event not found"));
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

    /** Every event of every room as stored, in stream order, each with its {@code room_id}. */
    synchronized List<StoredEvent> allRoomEvents() {
        return rooms.values().stream()
                .flatMap(room -> room.timeline().stream())
                .sorted((a, b) -> Long.compare(a.ordinal(), b.ordinal()))
                .toList();
    }

    /**
     * {@code POST /keys/upload} for the session's device: device keys (only the device's own),
     * one-time keys and fallback keys, each map optional (null). Publishing new or changed device
     * keys moves the stream, which puts the user in other clients' {@code device_lists.changed}.
     *
     * @return the unclaimed one-time keys by algorithm
     */
    synchronized Map<String, Integer> uploadKeys(Session session, JsonNode deviceKeys, JsonNode oneTimeKeys,
                                                 JsonNode fallbackKeys) {
        Device device = device(session.userId(), session.deviceId()).orElseThrow();
        if (deviceKeys != null) {
            if (!deviceKeys.isObject()) {
                throw MatrixError.badJson("device_keys must be an object");
            }
            if (!session.userId().equals(deviceKeys.path("user_id").asText())
                    || !session.deviceId().equals(deviceKeys.path("device_id").asText())) {
                throw new MatrixError(400, "M_INVALID_PARAM", "device_keys must be for " + session.userId()
                        + " device " + session.deviceId() + ", the access token's own device");
            }
        }
        List<Map.Entry<String, JsonNode>> oneTime = keyEntries(oneTimeKeys, "one_time_keys");
        List<Map.Entry<String, JsonNode>> fallback = keyEntries(fallbackKeys, "fallback_keys");
        // Checked before anything is stored, so a refused upload changes nothing.
        oneTime.forEach(e -> Device.algorithm(e.getKey()));
        fallback.forEach(e -> Device.algorithm(e.getKey()));
        if (deviceKeys != null && device.putDeviceKeys((ObjectNode) deviceKeys, position + 1)) {
            ++position;
            notifyAll();
        }
        oneTime.forEach(e -> device.addOneTimeKey(e.getKey(), e.getValue()));
        fallback.forEach(e -> device.putFallbackKey(e.getKey(), e.getValue()));
        return device.oneTimeKeyCounts();
    }

    private static List<Map.Entry<String, JsonNode>> keyEntries(JsonNode keys, String field) {
        if (keys == null || keys.isNull()) {
            return List.of();
        }
        if (!keys.isObject()) {
            throw MatrixError.badJson(field + " must be an object");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        keys.properties().forEach(entries::add);
        return entries;
    }

    /**
     * {@code POST /keys/query}: for each known user asked for, the published device keys of the
     * listed devices, or of all devices when the list is empty. Unknown users are left out.
     */
    synchronized ObjectNode queryKeys(Map<String, List<String>> wanted) {
        ObjectNode answer = object();
        wanted.forEach((userId, deviceIds) -> {
            if (!accounts.containsKey(userId)) {
                return;
            }
            ObjectNode userDevices = answer.putObject(userId);
            devices.getOrDefault(userId, Map.of()).values().stream()
                    .filter(d -> deviceIds.isEmpty() || deviceIds.contains(d.deviceId()))
                    .forEach(d -> d.deviceKeys().ifPresent(keys -> userDevices.set(d.deviceId(), keys.deepCopy())));
        });
        return answer;
    }

    /**
     * {@code POST /keys/claim}: one key of the asked algorithm per device, each one-time key given
     * out once, the device's fallback key when none is left. Devices with neither, or unknown, are
     * left out, and so are users left with no device.
     */
    synchronized ObjectNode claimKeys(Map<String, Map<String, String>> wanted) {
        ObjectNode answer = object();
        wanted.forEach((userId, byDevice) -> byDevice.forEach((deviceId, algorithm) ->
                device(userId, deviceId).flatMap(d -> d.claim(algorithm)).ifPresent(key -> {
                    ObjectNode userKeys = answer.has(userId) ? (ObjectNode) answer.get(userId) : answer.putObject(userId);
                    userKeys.putObject(deviceId).set(key.getKey(), key.getValue());
                })));
        return answer;
    }

    /**
     * {@code PUT /sendToDevice}: {@code messages} maps user ids to device ids, or {@code *} for all
     * of that user's devices, to contents. Unknown users and devices are skipped, as Synapse skips
     * them. A transaction id seen before from the same device is a retry and delivers nothing.
     */
    synchronized void sendToDevice(Session sender, String type, String txnId, JsonNode messages) {
        for (JsonNode targets : messages) {
            if (!targets.isObject()) {
                throw MatrixError.badJson("messages maps user ids to objects of device ids");
            }
            for (JsonNode content : targets) {
                if (!content.isObject()) {
                    throw MatrixError.badJson("Each to-device content must be an object");
                }
            }
        }
        if (!toDeviceTransactions.add(sender.userId() + '\u0000' + sender.deviceId() + '\u0000' + txnId)) {
            return;
        }
        long ordinal = position + 1;
        boolean delivered = false;
        for (Iterator<Map.Entry<String, JsonNode>> users = messages.properties().iterator(); users.hasNext(); ) {
            Map.Entry<String, JsonNode> user = users.next();
            Map<String, Device> userDevices = devices.getOrDefault(user.getKey(), Map.of());
            for (Iterator<Map.Entry<String, JsonNode>> targets = user.getValue().properties().iterator(); targets.hasNext(); ) {
                Map.Entry<String, JsonNode> target = targets.next();
                List<Device> recipients = target.getKey().equals("*")
                        ? List.copyOf(userDevices.values())
                        : Optional.ofNullable(userDevices.get(target.getKey())).stream().toList();
                for (Device recipient : recipients) {
                    ObjectNode content = (ObjectNode) target.getValue().deepCopy();
                    recipient.deliver(new Device.ToDeviceMessage(ordinal, type, sender.userId(), content));
                    ObjectNode logged = object().put("type", type).put("sender", sender.userId())
                            .put("sender_device", sender.deviceId()).put("recipient", user.getKey())
                            .put("recipient_device", recipient.deviceId());
                    logged.set("content", content.deepCopy());
                    toDeviceLog.add(logged);
                    delivered = true;
                }
            }
        }
        if (delivered) {
            position = ordinal;
            notifyAll();
        }
    }

    /** What a sync of this device after {@code since} (null: initial) carries in {@code to_device}; see {@link Device#pendingAfter}. */
    synchronized List<Device.ToDeviceMessage> toDeviceFor(String userId, String deviceId, Long since) {
        return device(userId, deviceId).map(d -> d.pendingAfter(since)).orElse(List.of());
    }

    /** Every to-device message waiting for a device, taken out of its inbox. */
    synchronized List<Device.ToDeviceMessage> takeToDevice(String userId, String deviceId) {
        return device(userId, deviceId).map(Device::takeAll).orElse(List.of());
    }

    /** Every to-device message ever delivered, one entry per recipient device, oldest first. */
    synchronized List<ObjectNode> toDeviceLog() {
        return toDeviceLog.stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized void exhaustKeys(String userId, String deviceId) {
        device(userId, deviceId).orElseThrow(() -> new IllegalArgumentException("no device " + deviceId)).exhaustKeys();
    }

    synchronized Map<String, Integer> oneTimeKeyCounts(String userId, String deviceId) {
        return device(userId, deviceId).map(Device::oneTimeKeyCounts).orElse(Map.of("signed_curve25519", 0));
    }

    synchronized List<String> unusedFallbackKeyTypes(String userId, String deviceId) {
        return device(userId, deviceId).map(Device::unusedFallbackKeyTypes).orElse(List.of());
    }

    synchronized Optional<ObjectNode> deviceKeys(String userId, String deviceId) {
        return device(userId, deviceId).flatMap(Device::deviceKeys).map(ObjectNode::deepCopy);
    }

    /** A sync's {@code device_lists}: whose device keys to fetch again, and whom to stop tracking. */
    record DeviceListChanges(Set<String> changed, Set<String> left) {
    }

    /**
     * Changes since stream position {@code since} for {@code userId}: {@code changed} holds the
     * users sharing a room now whose device keys changed after it or who did not share one then
     * (the user's own key changes included); {@code left} holds those who shared a room then and
     * share none now. Sharing means both are joined.
     */
    synchronized DeviceListChanges deviceListChanges(String userId, long since) {
        Set<String> now = sharingARoom(userId, Long.MAX_VALUE);
        Set<String> then = sharingARoom(userId, since);
        Set<String> changed = new TreeSet<>();
        for (String other : now) {
            if (!then.contains(other) || keysChangedAfter(other, since)) {
                changed.add(other);
            }
        }
        if (keysChangedAfter(userId, since)) {
            changed.add(userId);
        }
        Set<String> left = new TreeSet<>(then);
        left.removeAll(now);
        return new DeviceListChanges(changed, left);
    }

    private Set<String> sharingARoom(String userId, long at) {
        Set<String> others = new HashSet<>();
        for (Room room : rooms.values()) {
            Set<String> joined = room.joinedAt(at);
            if (joined.contains(userId)) {
                others.addAll(joined);
            }
        }
        others.remove(userId);
        return others;
    }

    private boolean keysChangedAfter(String userId, long since) {
        return devices.getOrDefault(userId, Map.of()).values().stream()
                .anyMatch(d -> d.deviceKeys().isPresent() && d.keysChangedAt() > since);
    }

    private Optional<Device> device(String userId, String deviceId) {
        return Optional.ofNullable(devices.getOrDefault(userId, Map.of()).get(deviceId));
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
