package app.afterglow.storage;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The coarse time that migrations 9 and 10 kept in clear beside each sealed time: the exact time
 * rounded up to the hour, plus a random whole number of minutes under an hour. Migration 12 drops
 * every such column (one hour was too fine: it told when a session ended), so this serves only
 * those two migrations, as they were written, on the way from an older database. Thread-safe.
 */
final class TimeBucket {
    /** How far a bucket can lie after its exact time. */
    static final Duration LEAD = Duration.ofHours(2);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    private static final int MINUTES_PER_HOUR = 60;

    private final SecureRandom random;

    TimeBucket(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The bucket of {@code exact}, in epoch milliseconds. */
    long of(Instant exact) {
        long millis = exact.toEpochMilli();
        long roundedUp = Math.floorDiv(millis + HOUR - 1, HOUR) * HOUR;
        return roundedUp + random.nextInt(MINUTES_PER_HOUR) * MINUTE;
    }
}
