package app.afterglow.matrix.e2ee;

import app.afterglow.core.store.AdapterState;
import app.afterglow.core.store.Transactions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The bot's end-to-end encryption, as the Matrix adapter uses it: start it with the device the
 * bot is logged in as, feed it every sync answer, and ask it to encrypt what goes into an
 * encrypted room and to decrypt what comes out of one. State is kept in the adapter state after
 * every step, so a restart continues with the same device, sessions and keys.
 *
 * <p>Threading: every method is synchronized; the sync thread and the outbox's delivery thread
 * may call at once. Key requests to the homeserver are made while holding the lock, which is
 * short next to what they protect: two threads must never use one Olm or Megolm session at once.
 */
public final class E2ee {
    private static final Logger LOG = LoggerFactory.getLogger(E2ee.class);

    private final String userId;
    private final KeyTransport transport;
    private final CryptoStore store;
    private final Clock clock;
    private Identity identity;
    private DeviceLists devices;
    private OlmChannel olm;
    private RoomKeys roomKeys;
    private InboundKeys inbound;

    public E2ee(String userId, KeyTransport transport, AdapterState state, Transactions transactions, Clock clock) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.store = new CryptoStore(state, transactions);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Loads the identity of {@code deviceId} (made on its first use) and publishes its keys if
     * they never were. Call after every login, before the first sync is handled.
     */
    public synchronized void start(String deviceId) throws InterruptedException {
        identity = Identity.load(userId, deviceId, store);
        devices = new DeviceLists(store, transport);
        olm = new OlmChannel(identity, store, transport, devices);
        roomKeys = new RoomKeys(identity, store, devices, olm, transport, clock);
        inbound = new InboundKeys(store);
        identity.publish(transport);
    }

    /** The device the bot speaks as. */
    public synchronized String deviceId() {
        return started().deviceId();
    }

    /** The device's Ed25519 key in groups of four, for a person to compare when verifying it. */
    public synchronized String fingerprint() {
        return started().fingerprint();
    }

    /**
     * Takes what a sync answer says about keys: device lists that changed, the one-time key count
     * (topping it up), and to-device messages (room keys, over Olm). Call before the batch's room
     * events are handled, so keys that came with them are there.
     *
     * @return the rooms that got a new room key, whose unread events may now be read
     */
    public synchronized List<String> onSync(JsonNode sync) throws InterruptedException {
        started();
        List<String> changed = new ArrayList<>();
        sync.path("device_lists").path("changed").forEach(user -> changed.add(user.asText()));
        sync.path("device_lists").path("left").forEach(user -> changed.add(user.asText()));
        devices.changed(changed);
        Set<String> rooms = new LinkedHashSet<>();
        for (JsonNode event : sync.path("to_device").path("events")) {
            if (!event.path("type").asText().equals("m.room.encrypted")) {
                continue;
            }
            olm.decrypt(event.path("sender").asText(""), event.path("content")).ifPresent(received -> {
                if (received.type().equals("m.room_key") && inbound.install(received.device(), received.content())) {
                    rooms.add(received.content().path("room_id").asText());
                }
            });
        }
        JsonNode counts = sync.path("device_one_time_keys_count");
        JsonNode fallback = sync.path("device_unused_fallback_key_types");
        boolean fallbackUnused = fallback.isMissingNode() || containsText(fallback, Identity.SIGNED_CURVE);
        if (counts.isObject() || fallback.isArray()) {
            identity.topUp(transport, counts.path(Identity.SIGNED_CURVE).asInt(0), fallbackUnused);
        }
        return List.copyOf(rooms);
    }

    /** Decrypts an {@code m.room.encrypted} event {@code eventId} that {@code sender} sent in {@code roomId}. */
    public synchronized Decryption decrypt(String roomId, String eventId, String sender, JsonNode content) {
        started();
        if (!content.path("algorithm").asText().equals(Identity.MEGOLM)) {
            return new Decryption.Rejected("not a Megolm room event");
        }
        return inbound.decrypt(roomId, eventId, sender, content);
    }

    /**
     * Event {@code eventId} of {@code roomId}, from {@code sender}, is kept until its key comes: a
     * copy of it under another id is never read as new. Only for events of people the bot answers,
     * so nobody else makes it store anything.
     */
    public synchronized void claim(String roomId, String eventId, String sender, JsonNode content) {
        started();
        if (content.path("algorithm").asText().equals(Identity.MEGOLM)) {
            inbound.claim(roomId, eventId, sender, content);
        }
    }

    /**
     * The {@code m.room.encrypted} content that carries an event of {@code type} with
     * {@code content} into {@code roomId}, whose members (joined or invited) are {@code members};
     * the room key goes to their devices first if they lack it.
     */
    public synchronized ObjectNode encrypt(String roomId, Set<String> members, Rotation rotation, String type,
                                           JsonNode content) throws InterruptedException {
        started();
        return roomKeys.encrypt(roomId, members, rotation, type, content);
    }

    /**
     * Someone joined, left or was invited into {@code roomId}: its next event goes under a new room
     * key, even if the members are the same again by then.
     */
    public synchronized void membersChanged(String roomId) {
        started();
        roomKeys.forget(roomId);
    }

    /** Whether {@code user} has any device that can take encrypted messages. */
    public synchronized boolean hasDevices(String user) throws InterruptedException {
        started();
        return !devices.of(user).isEmpty();
    }

    /**
     * Forgets all that links the bot's encryption to {@code user} and their DM room {@code roomId}:
     * their devices, the Olm sessions with them, and the room's keys both ways — after they erased
     * their data, nothing said in that room can be read again from the database.
     */
    public synchronized void forget(String user, String roomId) {
        started();
        store.devices(user).ifPresent(known -> olm.forget(known.devices()));
        devices.forget(user);
        roomKeys.forget(roomId);
        inbound.forget(roomId);
        LOG.info("Matrix encryption: forgot the keys of room {}", roomId);
    }

    private Identity started() {
        if (identity == null) {
            throw new IllegalStateException("encryption used before start()");
        }
        return identity;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
