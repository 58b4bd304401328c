package app.afterglow.matrix.e2ee;

import app.afterglow.matrix.crypto.CanonicalJson;
import app.afterglow.matrix.crypto.OlmAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;

/**
 * The bot's device: its Olm account, made once per device id and kept (so restarts keep the same
 * identity keys), its signed device keys published once, and its one-time keys and fallback key
 * topped up as the homeserver hands them out. Not thread-safe: {@link E2ee} serialises.
 */
final class Identity {
    private static final Logger LOG = LoggerFactory.getLogger(Identity.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String OLM = "m.olm.v1.curve25519-aes-sha2";
    static final String MEGOLM = "m.megolm.v1.aes-sha2";
    static final String SIGNED_CURVE = "signed_curve25519";

    private final String userId;
    private final String deviceId;
    private final CryptoStore store;
    private final OlmAccount account;
    private boolean published;

    private Identity(String userId, String deviceId, CryptoStore store, OlmAccount account, boolean published) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.store = store;
        this.account = account;
        this.published = published;
    }

    /**
     * The kept identity of {@code deviceId}, or a new one when none is kept for that device: keys
     * belong to one device, and a new device (a new login) starts over.
     */
    static Identity load(String userId, String deviceId, CryptoStore store) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        return store.account().filter(kept -> kept.deviceId().equals(deviceId))
                .map(kept -> new Identity(userId, deviceId, store, OlmAccount.unpickle(kept.pickle()), kept.published()))
                .orElseGet(() -> {
                    OlmAccount fresh = OlmAccount.create();
                    Identity identity = new Identity(userId, deviceId, store, fresh, false);
                    identity.save();
                    LOG.info("Matrix encryption: made the identity keys of device {}", deviceId);
                    return identity;
                });
    }

    String userId() {
        return userId;
    }

    String deviceId() {
        return deviceId;
    }

    String curve25519() {
        return account.curve25519();
    }

    String ed25519() {
        return account.ed25519();
    }

    OlmAccount account() {
        return account;
    }

    /** Keeps the account as it is now: after any change to it (a key made, published or used up). */
    void save() {
        store.account(new CryptoStore.AccountRecord(deviceId, account.pickle(), published));
    }

    /** Uploads the device keys, with a first batch of one-time keys and a fallback key, unless done already. */
    void publish(KeyTransport transport) throws InterruptedException {
        if (published) {
            return;
        }
        account.generateOneTimeKeys(target() - account.unpublishedOneTimeKeys().size());
        if (account.unpublishedFallbackKey().isEmpty()) {
            account.generateFallbackKey();
        }
        save();
        ObjectNode body = JSON.objectNode();
        body.set("device_keys", deviceKeys());
        addKeys(body);
        transport.uploadKeys(body);
        account.markKeysAsPublished();
        published = true;
        save();
        LOG.info("Matrix encryption: published the keys of device {}", deviceId);
    }

    /**
     * Tops up one-time keys to half of what the account can hold, as the homeserver's count (from
     * sync) falls, and makes a new fallback key once the last one was used.
     */
    void topUp(KeyTransport transport, int serverCount, boolean fallbackUnused) throws InterruptedException {
        if (!published) {
            return;
        }
        int missing = target() - serverCount;
        if (missing <= 0 && fallbackUnused) {
            return;
        }
        if (missing > 0) {
            account.generateOneTimeKeys(Math.max(0, missing - account.unpublishedOneTimeKeys().size()));
        }
        if (!fallbackUnused && account.unpublishedFallbackKey().isEmpty()) {
            account.generateFallbackKey();
        }
        // Kept before upload: keys the homeserver may already hand out must never be lost here.
        save();
        ObjectNode body = JSON.objectNode();
        addKeys(body);
        transport.uploadKeys(body);
        account.markKeysAsPublished();
        save();
    }

    /** The device keys, signed by the device, as {@code /keys/upload} and {@code /keys/query} carry them. */
    ObjectNode deviceKeys() {
        ObjectNode keys = JSON.objectNode().put("user_id", userId).put("device_id", deviceId);
        keys.putArray("algorithms").add(OLM).add(MEGOLM);
        keys.putObject("keys")
                .put("curve25519:" + deviceId, account.curve25519())
                .put("ed25519:" + deviceId, account.ed25519());
        return CanonicalJson.signed(keys, userId, "ed25519:" + deviceId, account);
    }

    /** The Ed25519 key in groups of four, as clients show a device's fingerprint. */
    String fingerprint() {
        String key = account.ed25519();
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < key.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(key, i, Math.min(key.length(), i + 4));
        }
        return grouped.toString();
    }

    private int target() {
        return account.maxOneTimeKeys() / 2;
    }

    private void addKeys(ObjectNode body) {
        ObjectNode oneTime = body.putObject("one_time_keys");
        for (Map.Entry<String, String> key : account.unpublishedOneTimeKeys().entrySet()) {
            oneTime.set(SIGNED_CURVE + ":" + key.getKey(), signedKey(key.getValue(), false));
        }
        Map<String, String> fallback = account.unpublishedFallbackKey();
        if (!fallback.isEmpty()) {
            ObjectNode fallbacks = body.putObject("fallback_keys");
            fallback.forEach((id, key) -> fallbacks.set(SIGNED_CURVE + ":" + id, signedKey(key, true)));
        }
    }

    private JsonNode signedKey(String key, boolean fallback) {
        ObjectNode signed = JSON.objectNode().put("key", key);
        if (fallback) {
            signed.put("fallback", true);
        }
        return CanonicalJson.signed(signed, userId, "ed25519:" + deviceId, account);
    }
}
