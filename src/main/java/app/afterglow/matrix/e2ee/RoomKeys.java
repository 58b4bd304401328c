package app.afterglow.matrix.e2ee;

import app.afterglow.core.util.Digest;
import app.afterglow.matrix.crypto.MegolmOutbound;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the bot says in an encrypted room: one outbound Megolm session per room, its key sent over
 * Olm to exactly the devices of the room's other members — never to anyone else — and replaced
 * whenever the members or their devices change, after {@link Rotation}'s limits, or when the room
 * is forgotten. The session is kept with its advanced index before the ciphertext leaves, so a
 * crash can never make the bot use one index twice. Not thread-safe: {@link E2ee} serialises.
 */
final class RoomKeys {
    private static final Logger LOG = LoggerFactory.getLogger(RoomKeys.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Identity identity;
    private final CryptoStore store;
    private final DeviceLists devices;
    private final OlmChannel olm;
    private final KeyTransport transport;
    private final Clock clock;

    RoomKeys(Identity identity, CryptoStore store, DeviceLists devices, OlmChannel olm, KeyTransport transport,
             Clock clock) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.store = Objects.requireNonNull(store, "store");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.olm = Objects.requireNonNull(olm, "olm");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The {@code m.room.encrypted} content for an event of {@code type} with {@code content} in {@code roomId}. */
    ObjectNode encrypt(String roomId, Set<String> members, Rotation rotation, String type, JsonNode content)
            throws InterruptedException {
        List<String> others = new ArrayList<>(new TreeSet<>(members));
        others.remove(identity.userId());
        List<CryptoStore.Device> targets = new ArrayList<>();
        for (String member : others) {
            targets.addAll(devices.of(member));
        }
        List<String> recipients = targets.stream().map(RoomKeys::name).sorted().toList();
        CryptoStore.Outbound outbound = store.outbound(roomId)
                .filter(kept -> kept.members().equals(others) && kept.recipients().equals(recipients))
                .filter(kept -> kept.sent() < rotation.messages())
                .filter(kept -> clock.millis() - kept.createdAt() < rotation.age().toMillis())
                .orElseGet(() -> fresh(roomId, others, recipients));
        MegolmOutbound session = MegolmOutbound.unpickle(outbound.pickle());
        outbound = share(roomId, outbound, session, targets);

        ObjectNode plaintext = JSON.objectNode().put("type", type).put("room_id", roomId);
        plaintext.set("content", content);
        String ciphertext = session.encrypt(plaintext.toString().getBytes(StandardCharsets.UTF_8));
        store.outbound(roomId, new CryptoStore.Outbound(session.pickle(), outbound.createdAt(), outbound.sent() + 1,
                outbound.members(), outbound.recipients(), outbound.shared()));
        return JSON.objectNode()
                .put("algorithm", Identity.MEGOLM)
                .put("sender_key", identity.curve25519())
                .put("ciphertext", ciphertext)
                .put("session_id", session.sessionId())
                .put("device_id", identity.deviceId());
    }

    /** The next event in {@code roomId} starts a new session: after someone's data was erased, say. */
    void forget(String roomId) {
        store.forgetOutbound(roomId);
    }

    private CryptoStore.Outbound fresh(String roomId, List<String> members, List<String> recipients) {
        MegolmOutbound session = MegolmOutbound.create();
        CryptoStore.Outbound outbound = new CryptoStore.Outbound(session.pickle(), clock.millis(), 0, members,
                recipients, List.of());
        store.outbound(roomId, outbound);
        LOG.info("Matrix encryption: a new room key for room {}, for {} device(s)", roomId, recipients.size());
        return outbound;
    }

    /** Sends the session's key to the targets that have not had it yet; returns the record with them added. */
    private CryptoStore.Outbound share(String roomId, CryptoStore.Outbound outbound, MegolmOutbound session,
                                       List<CryptoStore.Device> targets) throws InterruptedException {
        List<CryptoStore.Device> waiting = targets.stream()
                .filter(device -> !outbound.shared().contains(name(device)))
                .toList();
        if (waiting.isEmpty()) {
            return outbound;
        }
        ObjectNode roomKey = JSON.objectNode()
                .put("algorithm", Identity.MEGOLM)
                .put("room_id", roomId)
                .put("session_id", session.sessionId())
                .put("session_key", session.sessionKey());
        ObjectNode messages = olm.encryptFor(waiting, "m.room_key", roomKey);
        if (!messages.isEmpty()) {
            transport.sendToDevice("m.room.encrypted", "afterglow-key-" + Digest.of(session.sessionId() + "\n"
                    + String.join("\n", waiting.stream().map(RoomKeys::name).toList())), messages);
        }
        List<String> shared = new ArrayList<>(outbound.shared());
        for (CryptoStore.Device device : waiting) {
            if (messages.path(device.userId()).has(device.deviceId())) {
                shared.add(name(device));
            }
        }
        CryptoStore.Outbound updated = new CryptoStore.Outbound(outbound.pickle(), outbound.createdAt(), outbound.sent(),
                outbound.members(), outbound.recipients(), shared);
        store.outbound(roomId, updated);
        return updated;
    }

    private static String name(CryptoStore.Device device) {
        return device.userId() + " " + device.deviceId() + " " + device.curve25519();
    }
}
