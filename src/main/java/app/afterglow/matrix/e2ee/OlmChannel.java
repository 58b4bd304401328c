package app.afterglow.matrix.e2ee;

import app.afterglow.matrix.crypto.CanonicalJson;
import app.afterglow.matrix.crypto.CryptoException;
import app.afterglow.matrix.crypto.OlmMessage;
import app.afterglow.matrix.crypto.OlmSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Olm: the one-to-one channel between the bot's device and one device of a person, used only to
 * carry room keys. Encrypting to a device with no session first claims one of its one-time keys,
 * whose signature must be the device's own. Decrypting checks what the spec asks of the plaintext
 * — that it names its real sender, this bot as recipient, this device's key, and a signing key
 * that belongs to the sending device — and anything else is dropped. Sessions are kept after every
 * use, before anything they made is sent. Not thread-safe: {@link E2ee} serialises.
 */
final class OlmChannel {
    private static final Logger LOG = LoggerFactory.getLogger(OlmChannel.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a device of {@code device.userId()} sent the bot over Olm, checked. */
    record Received(CryptoStore.Device device, String type, JsonNode content) {
    }

    private final Identity identity;
    private final CryptoStore store;
    private final KeyTransport transport;
    private final DeviceLists devices;

    OlmChannel(Identity identity, CryptoStore store, KeyTransport transport, DeviceLists devices) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.store = Objects.requireNonNull(store, "store");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    /**
     * The {@code messages} of a to-device send carrying {@code type}/{@code content} to each of
     * {@code targets}, each encrypted for its device; a device with no session and no key left to
     * claim is left out (it can ask for the key again once it has published more).
     */
    ObjectNode encryptFor(List<CryptoStore.Device> targets, String type, JsonNode content) throws InterruptedException {
        claimSessions(targets);
        ObjectNode messages = JSON.objectNode();
        for (CryptoStore.Device device : targets) {
            List<byte[]> sessions = store.olmSessions(device.curve25519());
            if (sessions.isEmpty()) {
                continue;
            }
            OlmSession session = OlmSession.unpickle(sessions.get(0));
            OlmMessage message = session.encrypt(plaintext(device, type, content));
            store.olmSession(device.curve25519(), session.pickle(), 0);
            ObjectNode encrypted = JSON.objectNode()
                    .put("algorithm", Identity.OLM)
                    .put("sender_key", identity.curve25519());
            encrypted.putObject("ciphertext").putObject(device.curve25519())
                    .put("type", message.type())
                    .put("body", message.body());
            messages.withObjectProperty(device.userId()).set(device.deviceId(), encrypted);
        }
        return messages;
    }

    /**
     * An Olm to-device event from {@code sender}, decrypted and checked; empty if it is not one the
     * bot can trust. The sending device is looked up before anything is decrypted: a decrypted
     * message has used its key, and a failure after that would lose it.
     */
    Optional<Received> decrypt(String sender, JsonNode content) throws InterruptedException {
        if (!content.path("algorithm").asText().equals(Identity.OLM)) {
            return Optional.empty();
        }
        String senderKey = content.path("sender_key").asText("");
        JsonNode mine = content.path("ciphertext").path(identity.curve25519());
        if (senderKey.isEmpty() || !mine.isObject()) {
            return Optional.empty();
        }
        Optional<CryptoStore.Device> device = devices.byIdentityKey(sender, senderKey);
        if (device.isEmpty()) {
            LOG.warn("Matrix encryption: an Olm message came from a device the sender does not have; ignored");
            return Optional.empty();
        }
        OlmMessage message = new OlmMessage(mine.path("type").asInt(-1), mine.path("body").asText(""));
        Optional<byte[]> plaintext = store.inTransaction(() -> decrypt(senderKey, message));
        if (plaintext.isEmpty()) {
            LOG.warn("Matrix encryption: an Olm message could not be decrypted");
            return Optional.empty();
        }
        JsonNode payload;
        try {
            payload = MAPPER.readTree(new String(plaintext.get(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (!payload.path("sender").asText().equals(sender)
                || !payload.path("recipient").asText().equals(identity.userId())
                || !payload.path("recipient_keys").path("ed25519").asText().equals(identity.ed25519())
                || !payload.path("keys").path("ed25519").asText().equals(device.get().ed25519())) {
            LOG.warn("Matrix encryption: an Olm message named the wrong sender, recipient or keys; ignored");
            return Optional.empty();
        }
        return Optional.of(new Received(device.get(), payload.path("type").asText(""), payload.path("content")));
    }

    /** Forgets the sessions with the devices of someone whose data was erased. */
    void forget(List<CryptoStore.Device> ofPerson) {
        ofPerson.forEach(device -> store.forgetOlmSessions(device.curve25519()));
    }

    private Optional<byte[]> decrypt(String senderKey, OlmMessage message) {
        List<byte[]> sessions = store.olmSessions(senderKey);
        for (int i = 0; i < sessions.size(); i++) {
            OlmSession session = OlmSession.unpickle(sessions.get(i));
            if (message.type() == 0 && !session.matchesInbound(senderKey, message.body())) {
                continue;
            }
            try {
                byte[] plaintext = session.decrypt(message);
                store.olmSession(senderKey, session.pickle(), i);
                return Optional.of(plaintext);
            } catch (CryptoException e) {
                // Not this session's message: try the next one.
            }
        }
        if (message.type() != 0) {
            return Optional.empty();
        }
        try {
            OlmSession session = OlmSession.inbound(identity.account(), senderKey, message.body());
            byte[] plaintext = session.decrypt(message);
            store.olmSession(senderKey, session.pickle(), -1);
            identity.save();
            return Optional.of(plaintext);
        } catch (CryptoException e) {
            return Optional.empty();
        }
    }

    private void claimSessions(List<CryptoStore.Device> targets) throws InterruptedException {
        List<CryptoStore.Device> missing = new ArrayList<>();
        for (CryptoStore.Device device : targets) {
            if (store.olmSessions(device.curve25519()).isEmpty()) {
                missing.add(device);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        ObjectNode body = JSON.objectNode();
        ObjectNode wanted = body.putObject("one_time_keys");
        for (CryptoStore.Device device : missing) {
            wanted.withObjectProperty(device.userId()).put(device.deviceId(), Identity.SIGNED_CURVE);
        }
        JsonNode claimed = transport.claimKeys(body).path("one_time_keys");
        for (CryptoStore.Device device : missing) {
            for (Map.Entry<String, JsonNode> key : claimed.path(device.userId()).path(device.deviceId()).properties()) {
                if (!key.getKey().startsWith(Identity.SIGNED_CURVE + ":")) {
                    continue;
                }
                if (!CanonicalJson.verify(key.getValue(), device.userId(), "ed25519:" + device.deviceId(), device.ed25519())) {
                    LOG.warn("Matrix encryption: a claimed one-time key had a bad signature; not used");
                    continue;
                }
                OlmSession session = OlmSession.outbound(identity.account(), device.curve25519(),
                        key.getValue().path("key").asText());
                store.olmSession(device.curve25519(), session.pickle(), -1);
                break;
            }
        }
    }

    private byte[] plaintext(CryptoStore.Device device, String type, JsonNode content) {
        ObjectNode payload = JSON.objectNode()
                .put("type", type)
                .put("sender", identity.userId())
                .put("sender_device", identity.deviceId())
                .put("recipient", device.userId());
        payload.set("content", content);
        payload.putObject("keys").put("ed25519", identity.ed25519());
        payload.putObject("recipient_keys").put("ed25519", device.ed25519());
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }
}
