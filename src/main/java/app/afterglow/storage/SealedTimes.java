package app.afterglow.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Exact times sealed like any other value, bound to their row and column: the epoch milliseconds
 * written to 19 digits and sealed unpadded, so every time seals to the same 47 bytes. Padding them
 * to the 512 bytes other values take would hide nothing, as every time has the same length, and
 * took a check-in's created, expires and two submitted times some 2 KB; times sealed that way
 * before (the digits as they come, padded) still open.
 */
final class SealedTimes {
    private final Encryptor encryptor;

    SealedTimes(Encryptor encryptor) {
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    }

    byte[] seal(Instant time, String context) {
        return encryptor.sealFixedLength(nineteenDigits(time.toEpochMilli()), context);
    }

    /**
     * {@code millis} in ASCII digits, zeros in front up to 19 (a long's most). Written by hand, as
     * {@code String.format} cost more than the sealing itself on every interaction.
     */
    static byte[] nineteenDigits(long millis) {
        if (millis < 0) {
            // Only a clock set before 1970 gets here; the sign takes one of the 19 places.
            return String.format("%019d", millis).getBytes(StandardCharsets.US_ASCII);
        }
        byte[] digits = new byte[19];
        long rest = millis;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return digits;
    }

    Optional<byte[]> seal(Optional<Instant> time, String context) {
        return time.map(t -> seal(t, context));
    }

    Instant open(byte[] sealed, String context) {
        String millis = new String(encryptor.open(sealed, context), StandardCharsets.US_ASCII);
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            throw new StorageException("The sealed " + context + " is not a time");
        }
    }

    /** A time that may not have happened yet: {@code null} in its column. */
    Optional<Instant> openOptional(byte[] sealed, String context) {
        return sealed == null ? Optional.empty() : Optional.of(open(sealed, context));
    }
}
