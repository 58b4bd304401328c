package app.afterglow.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the scheduler runs.
 *
 * @param tick how often it looks for reminders, expiries and follow-ups that are due; positive;
 *             default 30 seconds
 */
public record SchedulerConfig(Duration tick) {
    public SchedulerConfig {
        Objects.requireNonNull(tick, "tick");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("the scheduler tick must be positive");
        }
    }

    /** A tick every 30 seconds. */
    public static SchedulerConfig byDefault() {
        return new SchedulerConfig(Duration.ofSeconds(30));
    }
}
