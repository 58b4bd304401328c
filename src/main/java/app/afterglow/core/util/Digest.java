package app.afterglow.core.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short, stable stand-in for an id where the id itself should not appear (a key, a transaction
 * id). Unkeyed: it hides an id from a casual reader, not from someone who can guess it.
 */
public final class Digest {
    private Digest() {
    }

    /** The first 128 bits of the SHA-256 of {@code id}, in hex. */
    public static String of(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
