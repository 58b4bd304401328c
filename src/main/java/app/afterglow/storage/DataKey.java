package app.afterglow.storage;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The 256-bit AES key that seals private data, and a description of where it came from, for error
 * messages. {@link #toString()} never shows the key. Immutable.
 */
final class DataKey {
    static final int BYTES = 32;

    private final SecretKey key;
    private final String origin;

    private DataKey(byte[] material, String origin) {
        this.key = new SecretKeySpec(material, "AES");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /**
     * Parses a key written as base64 (surrounding whitespace ignored).
     *
     * @param origin where the text came from, e.g. "the key file /data/afterglow.key"
     * @throws StorageException if it is not base64 of exactly 32 bytes; the message never quotes it
     */
    static DataKey fromBase64(String text, String origin) {
        Objects.requireNonNull(text, "text");
        byte[] material;
        try {
            material = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw malformed(origin);
        }
        if (material.length != BYTES) {
            throw malformed(origin);
        }
        return new DataKey(material, origin);
    }

    private static StorageException malformed(String origin) {
        return new StorageException("The data key from " + origin + " is not valid: it must be " + BYTES
                + " random bytes written in base64, such as the output of `openssl rand -base64 32`.");
    }

    static DataKey generate(SecureRandom random, String origin) {
        byte[] material = new byte[BYTES];
        random.nextBytes(material);
        return new DataKey(material, origin);
    }

    SecretKey secretKey() {
        return key;
    }

    String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Where the key came from, for messages: "the key file …" or "the data key given …". */
    String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "DataKey[from " + origin + "]";
    }
}
