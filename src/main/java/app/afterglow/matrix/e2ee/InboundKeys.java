package app.afterglow.matrix.e2ee;

import app.afterglow.matrix.crypto.CryptoException;
import app.afterglow.matrix.crypto.MegolmDecrypted;
import app.afterglow.matrix.crypto.MegolmInbound;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The room keys people's devices sent the bot, and reading room events with them. A key is
 * installed only as its sending device sent it over Olm, for the room it names, and never
 * replaces one already held (a replayed key must not reset what was seen). An event is read only
 * if its sender is the person whose device sent the key, the plaintext names the same room, and
 * its message index was not used by another event before. An event kept waiting for its key
 * claims the index its header gives ({@link #claim}), so a copy posted under another id is refused
 * even when the first was never read (given up on after the person was asked to send it again): a
 * replay cannot pass for a new message by coming after its original was dropped. A claim is
 * unauthenticated, so it only ever counts against another event from the same sender: at worst a
 * homeserver forging one keeps a message from being read, which it could do by never delivering
 * it. Not thread-safe: {@link E2ee} serialises.
 */
final class InboundKeys {
    private static final Logger LOG = LoggerFactory.getLogger(InboundKeys.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CryptoStore store;

    InboundKeys(CryptoStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Installs an {@code m.room_key} received over Olm from {@code from}; whether it was new. */
    boolean install(CryptoStore.Device from, JsonNode roomKey) {
        if (!roomKey.path("algorithm").asText().equals(Identity.MEGOLM)) {
            return false;
        }
        String roomId = roomKey.path("room_id").asText("");
        String sessionId = roomKey.path("session_id").asText("");
        if (roomId.isEmpty() || sessionId.isEmpty()) {
            return false;
        }
        MegolmInbound session;
        try {
            session = MegolmInbound.fromSessionKey(roomKey.path("session_key").asText(""));
        } catch (CryptoException e) {
            LOG.warn("Matrix encryption: a room key that does not verify was ignored");
            return false;
        }
        if (!session.sessionId().equals(sessionId) || store.inbound(roomId, from.curve25519(), sessionId).isPresent()) {
            return false;
        }
        Map<Integer, String> seen = new HashMap<>();
        store.claims(roomId, from.curve25519(), sessionId).forEach((index, claim) -> {
            if (claim.sender().equals(from.userId())) {
                seen.put(index, claim.eventId());
            }
        });
        store.inTransaction(() -> {
            store.inbound(roomId, from.curve25519(), sessionId, new CryptoStore.Inbound(session.pickle(), from.userId(),
                    from.curve25519(), from.ed25519(), seen));
            store.forgetClaims(roomId, from.curve25519(), sessionId);
            return null;
        });
        return true;
    }

    /** Reads a Megolm {@code m.room.encrypted} event of {@code roomId}. */
    Decryption decrypt(String roomId, String eventId, String sender, JsonNode content) {
        String senderKey = content.path("sender_key").asText("");
        String sessionId = content.path("session_id").asText("");
        Optional<CryptoStore.Inbound> kept = store.inbound(roomId, senderKey, sessionId);
        if (kept.isEmpty()) {
            return new Decryption.MissingKey();
        }
        CryptoStore.Inbound inbound = kept.get();
        if (!inbound.senderUser().equals(sender)) {
            return new Decryption.Rejected("the event's sender did not send its room key");
        }
        MegolmInbound session = MegolmInbound.unpickle(inbound.pickle());
        MegolmDecrypted decrypted;
        try {
            decrypted = session.decrypt(content.path("ciphertext").asText(""));
        } catch (CryptoException e) {
            return new Decryption.Rejected("the ciphertext does not decrypt");
        }
        String earlier = inbound.seen().get(decrypted.messageIndex());
        if (earlier != null && !earlier.equals(eventId)) {
            return new Decryption.Rejected("a replayed message index");
        }
        JsonNode plaintext;
        try {
            plaintext = MAPPER.readTree(new String(decrypted.plaintext(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return new Decryption.Rejected("the plaintext is not JSON");
        }
        if (!plaintext.path("room_id").asText().equals(roomId) || !plaintext.path("content").isObject()) {
            return new Decryption.Rejected("the plaintext belongs to another room");
        }
        if (earlier == null) {
            Map<Integer, String> seen = new HashMap<>(inbound.seen());
            seen.put(decrypted.messageIndex(), eventId);
            store.inbound(roomId, senderKey, sessionId, new CryptoStore.Inbound(inbound.pickle(), inbound.senderUser(),
                    inbound.senderKey(), inbound.senderEd25519(), seen));
        }
        return new Decryption.Decrypted(plaintext.path("type").asText(""), withRelation(plaintext.path("content"), content));
    }

    /**
     * The decrypted content with the event's relation (a reply, a thread, an edit): clients put
     * {@code m.relates_to} beside the ciphertext, where the homeserver can read it, not inside. One
     * inside, from a client that puts it there, is kept: the sender's key vouches for that one.
     */
    private static JsonNode withRelation(JsonNode decrypted, JsonNode encrypted) {
        JsonNode relation = encrypted.path("m.relates_to");
        if (!relation.isObject() || decrypted.has("m.relates_to")) {
            return decrypted;
        }
        ObjectNode joined = ((ObjectNode) decrypted).deepCopy();
        joined.set("m.relates_to", relation.deepCopy());
        return joined;
    }

    /**
     * Event {@code eventId}, kept until its key comes, claims the message index its header gives:
     * the first event with an index keeps it, whether it is ever read or not.
     */
    void claim(String roomId, String eventId, String sender, JsonNode content) {
        String senderKey = content.path("sender_key").asText("");
        String sessionId = content.path("session_id").asText("");
        String ciphertext = content.path("ciphertext").asText("");
        if (senderKey.isEmpty() || sessionId.isEmpty() || store.inbound(roomId, senderKey, sessionId).isPresent()) {
            return;
        }
        int index;
        try {
            index = MegolmInbound.claimedIndex(ciphertext);
        } catch (CryptoException e) {
            // Malformed: it will be refused when its key comes, and claims nothing meanwhile.
            return;
        }
        Map<Integer, CryptoStore.Claim> claims = store.claims(roomId, senderKey, sessionId);
        if (!claims.containsKey(index)) {
            Map<Integer, CryptoStore.Claim> more = new HashMap<>(claims);
            more.put(index, new CryptoStore.Claim(eventId, sender));
            store.claims(roomId, senderKey, sessionId, more);
        }
    }

    void forget(String roomId) {
        store.forgetInbound(roomId);
    }
}
