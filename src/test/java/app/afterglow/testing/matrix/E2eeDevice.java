package app.afterglow.testing.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static app.afterglow.testing.matrix.MessageContents.text;

/**
 * A person's encrypting Matrix client device, whose cryptography is Debian's libolm (through
 * {@code python3-olm} in a child process), independent of the bot's own crypto code. The
 * Matrix-level work, which a client would do over HTTP, acts on the stand-in's state directly, as
 * {@link SimulatedUser} does, so the request log and injected faults stay about the bot alone.
 *
 * <p>Enrolling publishes self-signed device keys, {@value #ONE_TIME_KEYS} signed one-time keys and
 * a signed fallback key. Sending shares a megolm session per room over Olm with every device of
 * every joined member whose self-signature verifies, then posts {@code m.room.encrypted}.
 * Receiving checks what the spec asks a client to check: the Olm payload's sender, recipient and
 * keys; that a room key's sender key belongs to a device of the event's sender; the decrypted
 * event's room; and that no megolm message index is used by two events (a replay).
 *
 * <p>Thread-safe; waits are bounded. {@link #close()} (or closing the stand-in) ends the child process.
 */
public final class E2eeDevice implements AutoCloseable {
    public static final String OLM = "m.olm.v1.curve25519-aes-sha2";
    public static final String MEGOLM = "m.megolm.v1.aes-sha2";
    static final int ONE_TIME_KEYS = 10;

    /** A room event this device decrypted: the plaintext event's {@code type} and {@code content}. */
    public record Decrypted(String eventId, String sender, String type, ObjectNode content) {
    }

    /** A room event this device could not decrypt, or refused, and why. */
    public record Undecryptable(String eventId, String sender, String reason) {
    }

    /** An event already posted whose room key this device has not yet shared. */
    public final class HeldKey {
        private final String roomId;
        private final String sessionId;
        private final String sessionKey;
        private final String eventId;

        private HeldKey(String roomId, String sessionId, String sessionKey, String eventId) {
            this.roomId = roomId;
            this.sessionId = sessionId;
            this.sessionKey = sessionKey;
            this.eventId = eventId;
        }

        public String eventId() {
            return eventId;
        }

        /** Shares the event's megolm session, from the event's index on, with the room's devices now, over Olm. */
        public void release() {
            synchronized (E2eeDevice.this) {
                shareSession(roomId, sessionId, sessionKey);
            }
        }
    }

    private record PeerDevice(String userId, String deviceId, String curve25519, String ed25519) {
    }

    private record Placed(long ordinal, Decrypted event) {
    }

    private record RoomOutcome(List<Placed> decrypted, List<Undecryptable> undecryptable) {
    }

    /** A message refused on a check the spec asks for; kept as the reason it could not be read. */
    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HomeserverState state;
    private final Clock clock;
    private final SimulatedUser person;
    private final Session session;
    private final OlmProcess olm;
    private final String curve25519;
    private final String ed25519;
    private final Map<String, String> outboundByRoom = new HashMap<>();
    /** Curve25519 keys of the devices each outbound session was shared with, by session id. */
    private final Map<String, Set<String>> sharedWith = new HashMap<>();
    /** The ed25519 key that vouched for each inbound session, by "room|sender key|session id". */
    private final Map<String, String> inboundClaimedKeys = new HashMap<>();
    private final Map<String, Decrypted> decrypted = new HashMap<>();
    /** Which event first used each "session|message index": a second event using it is a replay. */
    private final Map<String, String> indexOwners = new HashMap<>();
    private final List<String> refusedToDevice = new ArrayList<>();
    private long awaitCursor;
    private long transactions;

    private E2eeDevice(HomeserverState state, Clock clock, Session session, OlmProcess olm, JsonNode identityKeys) {
        this.state = state;
        this.clock = clock;
        this.session = session;
        this.person = new SimulatedUser(state, clock, session.userId());
        this.olm = olm;
        this.curve25519 = identityKeys.path("curve25519").asText();
        this.ed25519 = identityKeys.path("ed25519").asText();
    }

    /** Creates the Olm account and publishes its keys as device {@code deviceId} of {@code userId}. */
    static E2eeDevice enroll(HomeserverState state, Clock clock, String userId, String deviceId) {
        OlmProcess olm = OlmProcess.start();
        try {
            JsonNode identityKeys = olm.call(olm.request("create_account")).path("identity_keys");
            E2eeDevice device = new E2eeDevice(state, clock, state.openSession(userId, deviceId), olm, identityKeys);
            device.publishKeys();
            return device;
        } catch (RuntimeException e) {
            olm.close();
            throw e;
        }
    }

    public String userId() {
        return session.userId();
    }

    public String deviceId() {
        return session.deviceId();
    }

    public String curve25519Key() {
        return curve25519;
    }

    public String ed25519Key() {
        return ed25519;
    }

    /** The same person without encryption: leaving rooms, plain-text messages, reading {@code m.room.message}. */
    public SimulatedUser person() {
        return person;
    }

    /** Opens a direct chat with encryption on from the start, as Element does by default. */
    public String createEncryptedDirectRoom(String otherUserId) {
        return person.createEncryptedDirectRoom(otherUserId);
    }

    /** Joins a room, e.g. accepting the bot's invite to an encrypted room it created. */
    public void join(String roomId) {
        person.join(roomId);
    }

    public List<String> pendingInvites() {
        return person.pendingInvites();
    }

    /** Sends a plain-text {@code m.room.message}, encrypted; returns the event id. */
    public String sendEncrypted(String roomId, String body) {
        return sendEncrypted(roomId, text(body));
    }

    /**
     * Sends an {@code m.room.message} with {@code content} (e.g. a reply with {@code m.relates_to}),
     * encrypted with the room's megolm session, after sharing it with any device that lacks it.
     * As Element and the other SDKs' clients do, a relation goes beside the ciphertext, where the
     * homeserver can read it, and not inside.
     */
    public String sendEncrypted(String roomId, ObjectNode content) {
        ObjectNode inner = content.deepCopy();
        return sendInSession(roomId, inner, inner.remove("m.relates_to"));
    }

    /** Writes {@code body} encrypted in the thread under {@code rootId}, as {@link SimulatedUser#inThread} does in the clear. */
    public String sendInThread(String roomId, String rootId, String body) {
        ObjectNode content = text(body);
        content.set("m.relates_to", SimulatedUser.threadRelation(state, roomId, rootId));
        return sendEncrypted(roomId, content);
    }

    /** As {@link #sendEncrypted(String, ObjectNode)}, with the relation inside the ciphertext only, as a few clients do. */
    public String sendEncryptedWithRelationInside(String roomId, ObjectNode content) {
        return sendInSession(roomId, content.deepCopy(), null);
    }

    /**
     * As {@link #sendEncryptedWithRelationInside}, the event also carrying {@code beside} as its
     * relation beside the ciphertext: what a homeserver that rewrote a reply's relation delivers.
     */
    public String sendEncryptedWithRelationRewritten(String roomId, ObjectNode content, ObjectNode beside) {
        return sendInSession(roomId, content.deepCopy(), beside);
    }

    /** Posts {@code inner} under the room's megolm session, shared first with any device that lacks it. */
    private synchronized String sendInSession(String roomId, ObjectNode inner, JsonNode beside) {
        String sessionId = outboundByRoom.get(roomId);
        if (sessionId == null) {
            sessionId = newOutboundSession(roomId);
            outboundByRoom.put(roomId, sessionId);
        }
        shareSession(roomId, sessionId, sessionKey(sessionId));
        return encryptAndPost(roomId, sessionId, inner, beside);
    }

    /**
     * Posts {@code content} encrypted with a fresh megolm session of its own and shares that
     * session only on {@link HeldKey#release()}: a room key arriving after its event.
     */
    public synchronized HeldKey sendEncryptedWithLateKey(String roomId, ObjectNode content) {
        String sessionId = newOutboundSession(roomId);
        // Taken before encrypting: a key exported afterwards starts past the event's message index.
        String sessionKey = sessionKey(sessionId);
        ObjectNode inner = content.deepCopy();
        return new HeldKey(roomId, sessionId, sessionKey, encryptAndPost(roomId, sessionId, inner, inner.remove("m.relates_to")));
    }

    /** Posts the content of encrypted event {@code eventId}, ciphertext and all, again as a new event. */
    public synchronized String replay(String roomId, String eventId) {
        StoredEvent original = state.timeline(roomId).stream()
                .filter(e -> e.eventId().equals(eventId) && e.type().equals("m.room.encrypted"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No encrypted event " + eventId + " in " + roomId));
        return state.post(userId(), roomId, "m.room.encrypted", original.content().deepCopy(), clock.millis());
    }

    /** The next message to {@code roomId} starts a new megolm session, shared anew. */
    public synchronized void rotateSession(String roomId) {
        outboundByRoom.remove(roomId);
    }

    /**
     * Handles every to-device message waiting for this device, as a sync would: Olm-encrypted
     * room keys are checked and installed; anything refused is in {@link #refusedToDevice()}.
     *
     * @return how many messages there were
     */
    public synchronized int receiveToDevice() {
        List<Device.ToDeviceMessage> messages = state.takeToDevice(userId(), deviceId());
        messages.forEach(this::handleToDevice);
        return messages.size();
    }

    /** Why each refused to-device message was refused ("sender: reason"), oldest first. */
    public synchronized List<String> refusedToDevice() {
        return List.copyOf(refusedToDevice);
    }

    /** Every encrypted event of the room this device can read, own ones included, oldest first; receives to-device messages first. */
    public synchronized List<Decrypted> decryptedEvents(String roomId) {
        return decryptRoom(roomId).decrypted().stream().map(Placed::event).toList();
    }

    /** Every encrypted event of the room this device cannot read now, with the reason; receives to-device messages first. */
    public synchronized List<Undecryptable> undecryptableEvents(String roomId) {
        return decryptRoom(roomId).undecryptable();
    }

    /**
     * Waits, at most {@code timeout}, for an encrypted event from someone else in {@code roomId}
     * that decrypts and matches. Each call looks past the event the previous call returned, so
     * successive calls walk forward through a conversation.
     *
     * @throws AssertionError when none comes in time, naming what could not be decrypted
     */
    public Decrypted awaitDecrypted(String roomId, Predicate<Decrypted> matching, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(matching, "matching");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = state.position();
            synchronized (this) {
                RoomOutcome outcome = decryptRoom(roomId);
                for (Placed placed : outcome.decrypted()) {
                    if (placed.ordinal() > awaitCursor && !placed.event().sender().equals(userId())
                            && matching.test(placed.event())) {
                        awaitCursor = placed.ordinal();
                        return placed.event();
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("No matching decrypted event for " + userId() + "/" + deviceId()
                            + " in " + roomId + " within " + timeout + "; undecryptable: " + outcome.undecryptable());
                }
            }
            state.awaitChange(seen, deadline);
        }
    }

    /**
     * Sends {@code body} encrypted, then waits, at most {@code timeout}, for the first encrypted
     * message someone else sends to the room after it and until that sender's sync is at rest
     * with nothing new, as {@link SimulatedUser#sayAndAwaitReply} does; returns its decrypted
     * content. Leaves {@link #awaitDecrypted}'s place where it was.
     *
     * @throws AssertionError when no readable reply comes in time
     */
    public ObjectNode sendEncryptedAndAwaitReply(String roomId, String body, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String sentId = sendEncrypted(roomId, body);
        long sent = state.timeline(roomId).stream().filter(e -> e.eventId().equals(sentId))
                .findFirst().orElseThrow().ordinal();
        while (true) {
            long seen = state.position();
            RoomOutcome outcome;
            synchronized (this) {
                outcome = decryptRoom(roomId);
            }
            Optional<Decrypted> reply = outcome.decrypted().stream()
                    .filter(p -> p.ordinal() > sent && !p.event().sender().equals(userId()))
                    .map(Placed::event).findFirst();
            if (reply.isPresent()) {
                if (!state.awaitCaughtUp(reply.get().sender(), deadline)) {
                    throw new AssertionError(reply.get().sender() + " did not finish answering \"" + body + "\"");
                }
                return reply.get().content().deepCopy();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("No readable reply to \"" + body + "\" for " + userId() + "/" + deviceId()
                        + "; undecryptable: " + outcome.undecryptable());
            }
            state.awaitChange(seen, deadline);
        }
    }

    /** Ends the libolm process; the device's keys stay published, as a phone switched off. */
    @Override
    public void close() {
        olm.close();
    }

    private void publishKeys() {
        ObjectNode deviceKeys = mapper.createObjectNode().put("user_id", userId()).put("device_id", deviceId());
        deviceKeys.putArray("algorithms").add(OLM).add(MEGOLM);
        deviceKeys.putObject("keys").put("curve25519:" + deviceId(), curve25519).put("ed25519:" + deviceId(), ed25519);
        sign(deviceKeys);
        JsonNode generated = olm.call(olm.request("generate_keys").put("one_time", ONE_TIME_KEYS).put("fallback", true));
        ObjectNode oneTimeKeys = mapper.createObjectNode();
        generated.path("one_time_keys").properties().forEach(key -> oneTimeKeys.set(
                "signed_curve25519:" + key.getKey(), sign(mapper.createObjectNode().put("key", key.getValue().asText()))));
        ObjectNode fallbackKeys = mapper.createObjectNode();
        generated.path("fallback_keys").properties().forEach(key -> fallbackKeys.set(
                "signed_curve25519:" + key.getKey(),
                sign(mapper.createObjectNode().put("key", key.getValue().asText()).put("fallback", true))));
        state.uploadKeys(session, deviceKeys, oneTimeKeys, fallbackKeys);
    }

    /** Adds this device's signature over the canonical JSON of {@code object} (without signatures and unsigned). */
    private ObjectNode sign(ObjectNode object) {
        String signature = olm.call(olm.request("sign").put("message", signable(object))).path("signature").asText();
        object.putObject("signatures").putObject(userId()).put("ed25519:" + deviceId(), signature);
        return object;
    }

    private boolean signedBy(JsonNode object, String userId, String deviceId, String ed25519Key) {
        JsonNode signature = object.path("signatures").path(userId).path("ed25519:" + deviceId);
        if (!signature.isTextual() || !object.isObject()) {
            return false;
        }
        ObjectNode request = olm.request("verify").put("key", ed25519Key).put("message", signable((ObjectNode) object))
                .put("signature", signature.asText());
        return olm.call(request).path("valid").asBoolean();
    }

    private static String signable(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("signatures");
        copy.remove("unsigned");
        return CanonicalJson.encode(copy);
    }

    /**
     * The published devices of {@code userId}, each checked to be signed by its own ed25519 key.
     *
     * @throws AssertionError for device keys that are malformed or not self-signed: a client would
     *     refuse to encrypt to them, and a test learns more from the reason than from a silence
     */
    private List<PeerDevice> devicesOf(String userId) {
        List<PeerDevice> peers = new ArrayList<>();
        JsonNode devices = state.queryKeys(Map.of(userId, List.of())).path(userId);
        for (Iterator<Map.Entry<String, JsonNode>> it = devices.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String deviceId = entry.getKey();
            JsonNode keys = entry.getValue();
            String curve = keys.path("keys").path("curve25519:" + deviceId).asText("");
            String ed = keys.path("keys").path("ed25519:" + deviceId).asText("");
            if (!userId.equals(keys.path("user_id").asText()) || !deviceId.equals(keys.path("device_id").asText())
                    || curve.isEmpty() || ed.isEmpty()) {
                throw new AssertionError("Malformed device keys of " + userId + "/" + deviceId + ": " + keys);
            }
            if (!signedBy(keys, userId, deviceId, ed)) {
                throw new AssertionError("Device keys of " + userId + "/" + deviceId
                        + " are not signed by their own ed25519 key over their canonical JSON: " + keys);
            }
            peers.add(new PeerDevice(userId, deviceId, curve, ed));
        }
        return peers;
    }

    private Optional<PeerDevice> deviceWithCurveKey(String userId, String curve) {
        return devicesOf(userId).stream().filter(d -> d.curve25519().equals(curve)).findFirst();
    }

    private String newOutboundSession(String roomId) {
        String sessionId = olm.call(olm.request("megolm_create")).path("session_id").asText();
        String sessionKey = sessionKey(sessionId);
        // Clients keep an inbound copy of their own session, so their own messages read back.
        installInbound(roomId, curve25519, sessionId, sessionKey, ed25519);
        return sessionId;
    }

    private void installInbound(String roomId, String senderKey, String sessionId, String sessionKey, String claimedEd) {
        String handle = roomId + '|' + senderKey + '|' + sessionId;
        olm.call(olm.request("megolm_install").put("handle", handle).put("session_id", sessionId)
                .put("session_key", sessionKey));
        inboundClaimedKeys.put(handle, claimedEd);
    }

    /** The outbound session's key from its next message index on. */
    private String sessionKey(String sessionId) {
        return olm.call(olm.request("megolm_session_key").put("session_id", sessionId)).path("session_key").asText();
    }

    /** Sends {@code sessionKey} over Olm to each joined member's device that lacks the session. */
    private void shareSession(String roomId, String sessionId, String sessionKey) {
        Set<String> shared = sharedWith.computeIfAbsent(sessionId, id -> new HashSet<>());
        ObjectNode messages = mapper.createObjectNode();
        for (StoredEvent member : state.joinedMembers(userId(), roomId)) {
            for (PeerDevice peer : devicesOf(member.stateKey())) {
                if (peer.curve25519().equals(curve25519) || shared.contains(peer.curve25519())) {
                    continue;
                }
                ObjectNode roomKey = mapper.createObjectNode().put("algorithm", MEGOLM).put("room_id", roomId)
                        .put("session_id", sessionId).put("session_key", sessionKey);
                ObjectNode forUser = messages.has(peer.userId())
                        ? (ObjectNode) messages.get(peer.userId()) : messages.putObject(peer.userId());
                forUser.set(peer.deviceId(), olmEncrypt(peer, "m.room_key", roomKey));
                shared.add(peer.curve25519());
            }
        }
        if (!messages.isEmpty()) {
            state.sendToDevice(session, "m.room.encrypted", "e2ee-" + deviceId() + "-" + ++transactions, messages);
        }
    }

    private ObjectNode olmEncrypt(PeerDevice peer, String type, ObjectNode content) {
        ensureOlmSession(peer);
        ObjectNode payload = mapper.createObjectNode().put("type", type);
        payload.set("content", content);
        payload.put("sender", userId()).put("sender_device", deviceId()).put("recipient", peer.userId());
        payload.putObject("keys").put("ed25519", ed25519);
        payload.putObject("recipient_keys").put("ed25519", peer.ed25519());
        JsonNode message = olm.call(olm.request("olm_encrypt").put("their_key", peer.curve25519())
                .put("plaintext", json(payload)));
        ObjectNode encrypted = mapper.createObjectNode().put("algorithm", OLM).put("sender_key", curve25519);
        encrypted.putObject("ciphertext").putObject(peer.curve25519())
                .put("type", message.path("type").asInt()).put("body", message.path("body").asText());
        return encrypted;
    }

    /** Starts an Olm session with a one-time key (or the fallback key) claimed for the device, unless one exists. */
    private void ensureOlmSession(PeerDevice peer) {
        if (olm.call(olm.request("has_olm_session").put("their_key", peer.curve25519())).path("has").asBoolean()) {
            return;
        }
        JsonNode claimed = state.claimKeys(Map.of(peer.userId(), Map.of(peer.deviceId(), "signed_curve25519")))
                .path(peer.userId()).path(peer.deviceId());
        if (claimed.isEmpty()) {
            throw new AssertionError("No one-time or fallback key left to claim for " + peer.userId() + "/" + peer.deviceId());
        }
        Map.Entry<String, JsonNode> key = claimed.properties().iterator().next();
        if (!signedBy(key.getValue(), peer.userId(), peer.deviceId(), peer.ed25519())) {
            throw new AssertionError("One-time key " + key.getKey() + " of " + peer.userId() + "/" + peer.deviceId()
                    + " is not signed by the device: " + key.getValue());
        }
        olm.call(olm.request("create_outbound_olm").put("their_key", peer.curve25519())
                .put("their_one_time_key", key.getValue().path("key").asText()));
    }

    private void handleToDevice(Device.ToDeviceMessage message) {
        if (!message.type().equals("m.room.encrypted")) {
            return;
        }
        try {
            receiveOlm(message);
        } catch (Refused | OlmProcess.OlmFailure e) {
            refusedToDevice.add(message.sender() + ": " + e.getMessage());
        }
    }

    private void receiveOlm(Device.ToDeviceMessage message) {
        JsonNode content = message.content();
        require(OLM.equals(content.path("algorithm").asText()), "not " + OLM + ": " + content.path("algorithm"));
        String senderKey = content.path("sender_key").asText();
        JsonNode ciphertext = content.path("ciphertext").path(curve25519);
        require(ciphertext.isObject(), "no ciphertext for this device's curve25519 key");
        String plaintext = olm.call(olm.request("olm_decrypt").put("sender_key", senderKey)
                .put("type", ciphertext.path("type").asInt(-1)).put("body", ciphertext.path("body").asText()))
                .path("plaintext").asText();
        JsonNode payload = parse(plaintext);
        require(message.sender().equals(payload.path("sender").asText()), "payload sender is not the event's sender");
        require(userId().equals(payload.path("recipient").asText()), "payload recipient is not this user");
        require(ed25519.equals(payload.path("recipient_keys").path("ed25519").asText()),
                "payload recipient_keys.ed25519 is not this device's key");
        PeerDevice sender = deviceWithCurveKey(message.sender(), senderKey)
                .orElseThrow(() -> new Refused("sender_key " + senderKey + " is no published device of " + message.sender()));
        require(sender.ed25519().equals(payload.path("keys").path("ed25519").asText()),
                "payload keys.ed25519 is not the ed25519 key of the sending device " + sender.deviceId());
        if (payload.path("type").asText().equals("m.room_key")) {
            JsonNode roomKey = payload.path("content");
            require(MEGOLM.equals(roomKey.path("algorithm").asText()), "room key is not " + MEGOLM);
            installInbound(roomKey.path("room_id").asText(), senderKey, roomKey.path("session_id").asText(),
                    roomKey.path("session_key").asText(), sender.ed25519());
        }
    }

    private RoomOutcome decryptRoom(String roomId) {
        receiveToDevice();
        List<Placed> readable = new ArrayList<>();
        List<Undecryptable> unreadable = new ArrayList<>();
        for (StoredEvent event : state.timeline(roomId)) {
            if (!event.type().equals("m.room.encrypted")) {
                continue;
            }
            Decrypted known = decrypted.get(event.eventId());
            if (known == null) {
                try {
                    known = decryptEvent(roomId, event);
                    decrypted.put(event.eventId(), known);
                } catch (Refused | OlmProcess.OlmFailure e) {
                    unreadable.add(new Undecryptable(event.eventId(), event.sender(), e.getMessage()));
                    continue;
                }
            }
            readable.add(new Placed(event.ordinal(), known));
        }
        return new RoomOutcome(readable, unreadable);
    }

    private Decrypted decryptEvent(String roomId, StoredEvent event) {
        JsonNode content = event.content();
        require(MEGOLM.equals(content.path("algorithm").asText()), "not " + MEGOLM + ": " + content.path("algorithm"));
        String senderKey = content.path("sender_key").asText();
        String sessionId = content.path("session_id").asText();
        String handle = roomId + '|' + senderKey + '|' + sessionId;
        String claimedEd = inboundClaimedKeys.get(handle);
        require(claimedEd != null, "no room key for session " + sessionId + " from " + senderKey);
        PeerDevice sender = deviceWithCurveKey(event.sender(), senderKey)
                .orElseThrow(() -> new Refused("sender_key " + senderKey + " is no published device of " + event.sender()));
        require(sender.ed25519().equals(claimedEd), "the room key came from another device than the event's sender");
        JsonNode result = olm.call(olm.request("megolm_decrypt").put("handle", handle)
                .put("ciphertext", content.path("ciphertext").asText()));
        JsonNode payload = parse(result.path("plaintext").asText());
        require(roomId.equals(payload.path("room_id").asText()), "decrypted room_id is " + payload.path("room_id"));
        require(payload.path("type").isTextual() && payload.path("content").isObject(), "decrypted event lacks type or content");
        String index = handle + '#' + result.path("message_index").asLong();
        String owner = indexOwners.putIfAbsent(index, event.eventId());
        require(owner == null || owner.equals(event.eventId()), "replay of " + owner + ": same session and message index");
        ObjectNode read = (ObjectNode) payload.get("content").deepCopy();
        // A client shows a message with the relation it carries beside the ciphertext.
        if (content.path("m.relates_to").isObject() && !read.has("m.relates_to")) {
            read.set("m.relates_to", content.get("m.relates_to").deepCopy());
        }
        return new Decrypted(event.eventId(), event.sender(), payload.get("type").asText(), read);
    }

    /** Posts {@code inner} encrypted, with {@code relation} (if any) beside the ciphertext. */
    private String encryptAndPost(String roomId, String sessionId, ObjectNode inner, JsonNode relation) {
        ObjectNode payload = mapper.createObjectNode().put("type", "m.room.message").put("room_id", roomId);
        payload.set("content", inner);
        String ciphertext = olm.call(olm.request("megolm_encrypt").put("session_id", sessionId)
                .put("plaintext", json(payload))).path("ciphertext").asText();
        ObjectNode encrypted = mapper.createObjectNode().put("algorithm", MEGOLM).put("sender_key", curve25519)
                .put("device_id", deviceId()).put("session_id", sessionId).put("ciphertext", ciphertext);
        if (relation != null) {
            encrypted.set("m.relates_to", relation);
        }
        return state.post(userId(), roomId, "m.room.encrypted", encrypted, clock.millis());
    }

    private static void require(boolean check, String reason) {
        if (!check) {
            throw new Refused(reason);
        }
    }

    private JsonNode parse(String plaintext) {
        try {
            JsonNode json = mapper.readTree(plaintext);
            require(json.isObject(), "plaintext is not a JSON object");
            return json;
        } catch (JsonProcessingException e) {
            throw new Refused("plaintext is not JSON");
        }
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
