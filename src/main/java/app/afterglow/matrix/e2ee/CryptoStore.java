package app.afterglow.matrix.e2ee;

import app.afterglow.core.store.AdapterState;
import app.afterglow.core.store.Transactions;
import app.afterglow.core.util.Digest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The encryption's state in the adapter state, whose values the storage seals with the data key:
 * the account, each tracked person's devices, Olm sessions by device key, each room's outbound and
 * inbound Megolm sessions, and the message indexes events claimed before their session's key came.
 * Keys that would name a person, a room or a device key are hashed, so the database file holds no
 * Matrix id in clear. Not thread-safe on its own: {@link E2ee} serialises.
 */
final class CryptoStore {
    private static final String ACCOUNT = "matrix.e2ee";
    private static final String DEVICES = "matrix.e2ee.devices";
    private static final String OLM = "matrix.e2ee.olm";
    private static final String OUTBOUND = "matrix.e2ee.outbound";
    private static final String INBOUND = "matrix.e2ee.inbound";
    private static final String INBOUND_BY_ROOM = "matrix.e2ee.inbound-room";
    private static final String CLAIMED = "matrix.e2ee.claimed";
    /** Olm sessions kept per device: enough for a device that started a few over each other. */
    private static final int OLM_KEPT = 8;

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final AdapterState state;
    private final Transactions transactions;

    /** The bot's Olm account, for the device it belongs to; {@code published} once its keys are uploaded. */
    record AccountRecord(String deviceId, byte[] pickle, boolean published) {
    }

    /** A device whose keys were checked: its own signature over them was valid. */
    record Device(String userId, String deviceId, String curve25519, String ed25519) {
    }

    /** The devices of one tracked person; {@code outdated} when the homeserver said they changed. */
    record UserDevices(boolean outdated, List<Device> devices) {
        UserDevices {
            devices = List.copyOf(devices);
        }
    }

    /**
     * A room's outbound Megolm session.
     *
     * @param recipients the devices it was made for ({@code user device curve25519}), and the members then
     * @param shared     those of them that were sent its key
     */
    record Outbound(byte[] pickle, long createdAt, int sent, List<String> members, List<String> recipients,
                    List<String> shared) {
        Outbound {
            members = List.copyOf(members);
            recipients = List.copyOf(recipients);
            shared = List.copyOf(shared);
        }
    }

    /**
     * An inbound Megolm session, received over Olm from a device of {@code senderUser}.
     *
     * @param seen message index → the event that used it, so a replayed index is recognised
     */
    record Inbound(byte[] pickle, String senderUser, String senderKey, String senderEd25519, Map<Integer, String> seen) {
        Inbound {
            seen = Map.copyOf(seen);
        }
    }

    /** A message index claimed, before its session's key came, by event {@code eventId} from {@code sender}. */
    record Claim(String eventId, String sender) {
    }

    CryptoStore(AdapterState state, Transactions transactions) {
        this.state = Objects.requireNonNull(state, "state");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /** Runs {@code work} as one transaction, so a step of the protocol is kept whole or not at all. */
    <T> T inTransaction(Supplier<T> work) {
        return transactions.inTransaction(work);
    }

    Optional<AccountRecord> account() {
        return read(ACCOUNT, "account", AccountRecord.class);
    }

    void account(AccountRecord account) {
        write(ACCOUNT, "account", account);
    }

    Optional<UserDevices> devices(String userId) {
        return read(DEVICES, hash(userId), UserDevices.class);
    }

    void devices(String userId, UserDevices devices) {
        write(DEVICES, hash(userId), devices);
    }

    void forgetDevices(String userId) {
        transactions.run(() -> state.remove(DEVICES, hash(userId)));
    }

    /** The Olm sessions with the device whose identity key is {@code curve25519}, newest first. */
    List<byte[]> olmSessions(String curve25519) {
        return read(OLM, hash(curve25519), new TypeReference<List<byte[]>>() {
        }).orElse(List.of());
    }

    /** Keeps {@code pickle} as the newest session with that device (replacing an older copy of it at {@code replaced}). */
    void olmSession(String curve25519, byte[] pickle, int replaced) {
        List<byte[]> sessions = new ArrayList<>(olmSessions(curve25519));
        if (replaced >= 0 && replaced < sessions.size()) {
            sessions.remove(replaced);
        }
        sessions.add(0, pickle);
        write(OLM, hash(curve25519), sessions.subList(0, Math.min(sessions.size(), OLM_KEPT)));
    }

    void forgetOlmSessions(String curve25519) {
        transactions.run(() -> state.remove(OLM, hash(curve25519)));
    }

    Optional<Outbound> outbound(String roomId) {
        return read(OUTBOUND, hash(roomId), Outbound.class);
    }

    void outbound(String roomId, Outbound outbound) {
        write(OUTBOUND, hash(roomId), outbound);
    }

    void forgetOutbound(String roomId) {
        transactions.run(() -> state.remove(OUTBOUND, hash(roomId)));
    }

    Optional<Inbound> inbound(String roomId, String senderKey, String sessionId) {
        return read(INBOUND, inboundKey(roomId, senderKey, sessionId), Inbound.class);
    }

    void inbound(String roomId, String senderKey, String sessionId, Inbound inbound) {
        transactions.run(() -> write(INBOUND, ofRoom(roomId, senderKey, sessionId), inbound));
    }

    /** The message indexes of a session whose key has not come, each with the first event that claimed it. */
    Map<Integer, Claim> claims(String roomId, String senderKey, String sessionId) {
        return read(CLAIMED, inboundKey(roomId, senderKey, sessionId), new TypeReference<Map<Integer, Claim>>() {
        }).orElse(Map.of());
    }

    void claims(String roomId, String senderKey, String sessionId, Map<Integer, Claim> claims) {
        transactions.run(() -> write(CLAIMED, ofRoom(roomId, senderKey, sessionId), claims));
    }

    /** The session's key came: what was claimed is now in its {@link Inbound#seen()}. */
    void forgetClaims(String roomId, String senderKey, String sessionId) {
        transactions.run(() -> state.remove(CLAIMED, inboundKey(roomId, senderKey, sessionId)));
    }

    /** Drops every inbound session of {@code roomId}, and every claim there: nothing said there can be read again. */
    void forgetInbound(String roomId) {
        transactions.run(() -> {
            inboundKeys(roomId).forEach(key -> {
                state.remove(INBOUND, key);
                state.remove(CLAIMED, key);
            });
            state.remove(INBOUND_BY_ROOM, hash(roomId));
        });
    }

    /** The session's key, listed with its room's so that forgetting the room finds it. */
    private String ofRoom(String roomId, String senderKey, String sessionId) {
        String key = inboundKey(roomId, senderKey, sessionId);
        List<String> ofRoom = new ArrayList<>(inboundKeys(roomId));
        if (!ofRoom.contains(key)) {
            ofRoom.add(key);
            write(INBOUND_BY_ROOM, hash(roomId), ofRoom);
        }
        return key;
    }

    private List<String> inboundKeys(String roomId) {
        return read(INBOUND_BY_ROOM, hash(roomId), new TypeReference<List<String>>() {
        }).orElse(List.of());
    }

    private static String inboundKey(String roomId, String senderKey, String sessionId) {
        return hash(roomId + "\n" + senderKey + "\n" + sessionId);
    }

    private <T> Optional<T> read(String namespace, String key, Class<T> type) {
        return transactions.inTransaction(() -> state.get(namespace, key)).map(value -> parse(value, type));
    }

    private <T> Optional<T> read(String namespace, String key, TypeReference<T> type) {
        return transactions.inTransaction(() -> state.get(namespace, key)).map(value -> {
            try {
                return json.readValue(value, type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable encryption state in " + namespace, e);
            }
        });
    }

    private <T> T parse(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable encryption state of type " + type.getSimpleName(), e);
        }
    }

    private void write(String namespace, String key, Object value) {
        String text;
        try {
            text = json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encryption state that cannot be written in " + namespace, e);
        }
        transactions.run(() -> state.put(namespace, key, text));
    }

    private static String hash(String id) {
        return Digest.of(id);
    }
}
