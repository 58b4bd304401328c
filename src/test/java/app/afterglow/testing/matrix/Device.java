package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One device of a user: its published keys as uploaded (the stand-in verifies no signature;
 * clients do) and the to-device messages waiting for it. Guarded by the {@link HomeserverState} lock.
 */
final class Device {
    /** A to-device message, stamped with the stream position at which it was sent. */
    record ToDeviceMessage(long ordinal, String type, String sender, ObjectNode content) {
        ObjectNode toClientJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", type).put("sender", sender);
            json.set("content", content.deepCopy());
            return json;
        }
    }

    /** A fallback key stays after it is claimed, only flagged as used, until a new one replaces it. */
    private record FallbackKey(String keyId, JsonNode key, boolean used) {
    }

    private final String deviceId;
    private ObjectNode deviceKeys;
    private long keysChangedAt;
    /** By full key id ({@code signed_curve25519:AAAAAQ}), in upload order: claims hand out the oldest first. */
    private final Map<String, JsonNode> oneTimeKeys = new LinkedHashMap<>();
    private final Map<String, FallbackKey> fallbackKeys = new LinkedHashMap<>();
    private final List<ToDeviceMessage> inbox = new ArrayList<>();

    Device(String deviceId) {
        this.deviceId = deviceId;
    }

    String deviceId() {
        return deviceId;
    }

    Optional<ObjectNode> deviceKeys() {
        return Optional.ofNullable(deviceKeys);
    }

    long keysChangedAt() {
        return keysChangedAt;
    }

    /** Keeps {@code keys}; true if they differ from those published before. */
    boolean putDeviceKeys(ObjectNode keys, long ordinal) {
        if (keys.equals(deviceKeys)) {
            return false;
        }
        deviceKeys = keys.deepCopy();
        keysChangedAt = ordinal;
        return true;
    }

    /**
     * Adds a one-time key. Re-uploading a key id with the same key is a no-op; with another key it
     * is refused, as Synapse refuses it, since a client doing that has lost track of its keys.
     */
    void addOneTimeKey(String fullKeyId, JsonNode key) {
        JsonNode known = oneTimeKeys.get(fullKeyId);
        if (known != null && !known.equals(key)) {
            throw new MatrixError(400, "M_INVALID_PARAM", "One-time key " + fullKeyId + " already exists with another key");
        }
        oneTimeKeys.put(fullKeyId, key.deepCopy());
    }

    void putFallbackKey(String fullKeyId, JsonNode key) {
        String algorithm = algorithm(fullKeyId);
        FallbackKey known = fallbackKeys.get(algorithm);
        if (known != null && known.keyId().equals(fullKeyId) && known.key().equals(key)) {
            return;
        }
        fallbackKeys.put(algorithm, new FallbackKey(fullKeyId, key.deepCopy(), false));
    }

    /** Counts of unclaimed one-time keys by algorithm; {@code signed_curve25519} is always there. */
    Map<String, Integer> oneTimeKeyCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        counts.put("signed_curve25519", 0);
        oneTimeKeys.keySet().forEach(id -> counts.merge(algorithm(id), 1, Integer::sum));
        return counts;
    }

    List<String> unusedFallbackKeyTypes() {
        return fallbackKeys.entrySet().stream().filter(e -> !e.getValue().used()).map(Map.Entry::getKey).toList();
    }

    /** Gives away every one-time key and the fallback key: a device others claimed dry, with nothing left to hand out. */
    void exhaustKeys() {
        oneTimeKeys.clear();
        fallbackKeys.clear();
    }

    /** Hands out the oldest one-time key of {@code algorithm}, or else the fallback key, as {@code {keyId: key}}. */
    Optional<Map.Entry<String, JsonNode>> claim(String algorithm) {
        Iterator<Map.Entry<String, JsonNode>> keys = oneTimeKeys.entrySet().iterator();
        while (keys.hasNext()) {
            Map.Entry<String, JsonNode> key = keys.next();
            if (algorithm(key.getKey()).equals(algorithm)) {
                keys.remove();
                return Optional.of(Map.entry(key.getKey(), key.getValue().deepCopy()));
            }
        }
        FallbackKey fallback = fallbackKeys.get(algorithm);
        if (fallback == null) {
            return Optional.empty();
        }
        fallbackKeys.put(algorithm, new FallbackKey(fallback.keyId(), fallback.key(), true));
        return Optional.of(Map.entry(fallback.keyId(), fallback.key().deepCopy()));
    }

    void deliver(ToDeviceMessage message) {
        inbox.add(message);
    }

    /**
     * The messages a sync after {@code since} (null for an initial sync) carries. Those at or before
     * {@code since} were in an earlier answer the client has now acknowledged by syncing past it,
     * so they go, as the spec asks; the rest stay until then, so a retried sync gets them again.
     */
    List<ToDeviceMessage> pendingAfter(Long since) {
        if (since != null) {
            inbox.removeIf(m -> m.ordinal() <= since);
        }
        return List.copyOf(inbox);
    }

    /** Everything waiting, removed at once: a client that syncs and acknowledges in one step. */
    List<ToDeviceMessage> takeAll() {
        List<ToDeviceMessage> all = List.copyOf(inbox);
        inbox.clear();
        return all;
    }

    static String algorithm(String fullKeyId) {
        int colon = fullKeyId.indexOf(':');
        if (colon <= 0 || colon == fullKeyId.length() - 1) {
            throw MatrixError.badJson("Key ids are algorithm:id, not " + fullKeyId);
        }
        return fullKeyId.substring(0, colon);
    }
}
