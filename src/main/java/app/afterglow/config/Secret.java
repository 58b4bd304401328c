package app.afterglow.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A token, key or password from the configuration. It prints as {@code ******}, so a record that
 * holds one can be logged or shown in an error without leaking it; {@link #reveal()} is the one
 * deliberate way to read the value. Immutable.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}, which must not be blank: a blank secret is no secret, so it is "unset". */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The value itself; for the one place that hands it to a platform or a cipher, never for output. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        // constant time, so comparing secrets does not hint at how much of one matched
        return other instanceof Secret that && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "******";
    }
}
