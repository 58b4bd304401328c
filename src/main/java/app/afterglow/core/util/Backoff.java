package app.afterglow.core.util;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Randomised exponential waits between retries: attempt n waits somewhere between half and all of
 * {@code base · 2^n}, capped. The randomness keeps many clients from retrying in step after an
 * outage. Shared by the platforms, each retrying its own homeserver or gateway. Thread-safe.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        this.random = Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
    }

    /** How long to wait before retry number {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(attempt, 0), 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
