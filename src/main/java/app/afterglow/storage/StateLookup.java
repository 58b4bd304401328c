package app.afterglow.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The keyed lookups adapter state and seen events are found by: HMAC-SHA-256 under a key derived
 * from the data key with HKDF, under its own name (not the person lookup's, nor the encryption
 * key). The adapters' keys are plain or unkeyed digests of Matrix user and room ids and platform
 * event ids, all easy to guess; keyed, a copy of the file cannot be asked whether it holds a
 * record for a given id. Thread-safe.
 */
final class StateLookup {
    /** Names what the derived key is for; a new purpose gets a new name, never this one. */
    private static final byte[] INFO = "afterglow adapter state and seen event lookup v1".getBytes(StandardCharsets.US_ASCII);
    /** First byte of the input, so a seen event's lookup never equals an adapter key's. */
    private static final int ADAPTER_STATE = 1;
    private static final int SEEN_EVENT = 2;

    private final ThreadLocal<Mac> macs;

    StateLookup(DataKey dataKey) {
        SecretKeySpec key = BlindIndex.derive(dataKey, INFO);
        this.macs = ThreadLocal.withInitial(() -> BlindIndex.mac(key));
    }

    /** Where an adapter's value under {@code namespace} and {@code key} is kept. */
    byte[] adapterState(String namespace, String key) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(ADAPTER_STATE);
        part(input, namespace);
        part(input, key);
        return macs.get().doFinal(input.toByteArray());
    }

    /** Where a platform event seen under {@code key} is recorded. */
    byte[] seenEvent(String key) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(SEEN_EVENT);
        part(input, key);
        return macs.get().doFinal(input.toByteArray());
    }

    /** Length first, so no two namespace and key pairs give the same input, whatever they contain. */
    private static void part(ByteArrayOutputStream input, String text) {
        byte[] bytes = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
        int length = bytes.length;
        input.write(length >>> 24);
        input.write(length >>> 16);
        input.write(length >>> 8);
        input.write(length);
        input.writeBytes(bytes);
    }
}
