package app.afterglow.matrix.e2ee;

import app.afterglow.matrix.crypto.CryptoException;
import app.afterglow.matrix.crypto.MegolmDecrypted;
import app.afterglow.matrix.crypto.MegolmInbound;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * its message index was not used by another event before. Not thread-safe: {@link E2ee} serialises.
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
        store.inbound(roomId, from.curve25519(), sessionId, new CryptoStore.Inbound(session.pickle(), from.userId(),
                from.curve25519(), from.ed25519(), Map.of()));
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
        return new Decryption.Decrypted(plaintext.path("type").asText(""), plaintext.path("content"));
    }

    void forget(String roomId) {
        store.forgetInbound(roomId);
    }
}
