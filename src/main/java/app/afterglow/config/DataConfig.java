package app.afterglow.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the bot keeps what it stores.
 *
 * @param dir the directory for the database; default {@code ./data}
 * @param key the AES key, base64, that encrypts answers at rest; when empty, storage keeps a
 *            generated key in a file beside the data instead. Always 32 bytes once decoded (AES-256).
 * @param keepCheckins how long closed check-ins (with their answers), ended sessions and queued
 *                     messages are kept; empty keeps them. Whole days, at least one.
 */
public record DataConfig(Path dir, Optional<Secret> key, Optional<Duration> keepCheckins) {
    public DataConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keepCheckins, "keepCheckins");
        if (keepCheckins.isPresent() && keepCheckins.get().toDays() < 1) {
            throw new IllegalArgumentException("check-ins are kept for a day at least");
        }
        if (key.isPresent() && !isAesKey(key.get())) {
            throw new IllegalArgumentException("the data key must be base64 for 32 bytes");
        }
    }

    /** Data in {@code ./data}, with a key file beside it, kept until people erase it. */
    public static DataConfig byDefault() {
        return new DataConfig(Path.of("./data"), Optional.empty(), Optional.empty());
    }

    /** The decoded key, present exactly when {@link #key()} is; a fresh array each call, so the caller may wipe it. */
    public Optional<byte[]> keyBytes() {
        return key.map(DataConfig::decode);
    }

    static boolean isAesKey(Secret key) {
        try {
            // The storage encrypts with AES-256 only, so a shorter AES key is refused here, not at first use.
            return decode(key).length == 32;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static byte[] decode(Secret key) {
        return Base64.getDecoder().decode(key.reveal().trim());
    }
}
