package app.afterglow.testing.discord;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues unique Discord snowflakes. They carry a real timestamp because JDA reads creation times
 * out of ids: an interaction whose id looks fifteen minutes old has an expired hook.
 */
final class Snowflakes {
    private static final long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;
    private static final int TIMESTAMP_SHIFT = 22;

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    Snowflakes(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Thread-safe; strictly increasing even when the clock stands still or steps back. */
    long next() {
        long fromClock = (clock.millis() - DISCORD_EPOCH_MILLIS) << TIMESTAMP_SHIFT;
        return last.updateAndGet(previous -> Math.max(previous + 1, fromClock));
    }

    /**
     * The next id whose timestamp puts it on shard {@code shard} of {@code total} by Discord's
     * formula, a few milliseconds ahead of the clock at most; later ids stay larger.
     */
    long nextOnShard(int shard, int total) {
        long id = next();
        while ((id >>> TIMESTAMP_SHIFT) % total != shard) {
            long nextMillisecond = ((id >>> TIMESTAMP_SHIFT) + 1) << TIMESTAMP_SHIFT;
            id = last.updateAndGet(previous -> Math.max(previous + 1, nextMillisecond));
        }
        return id;
    }
}
