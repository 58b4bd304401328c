package app.afterglow.storage;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The coarse time kept in clear where SQL must find due or old rows without opening each one: the
 * exact time rounded up to the hour, plus a random whole number of minutes under an hour, drawn
 * anew each time a row is written. The clear value is therefore never before the exact time and
 * less than {@link #LEAD} after it: from it one learns the exact time only to within two hours,
 * and of two times in the same hour not even which came first. The exact time is sealed beside it.
 * Thread-safe.
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

    /** The latest bucket a time at or before {@code now} can have: rows due by now are among those at or under it. */
    static long horizon(Instant now) {
        return now.toEpochMilli() + LEAD.toMillis();
    }
}
