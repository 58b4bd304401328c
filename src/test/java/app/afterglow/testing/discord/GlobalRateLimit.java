package app.afterglow.testing.discord;

import java.time.Duration;
import java.util.Optional;

/**
 * Discord's global rate limit as the stand-in plays it: at most {@code perSecond} requests made
 * with the bot's token in each second (interaction callbacks and webhooks, which go by the
 * interaction's token, do not count, as on Discord), counted in windows of one second of real
 * time, each opened by the first request after the last one closed. Off (0) unless a test sets it.
 * Thread-safe.
 */
final class GlobalRateLimit {
    private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

    private int perSecond;
    private long windowStart;
    private int taken;
    private int refused;

    synchronized void perSecond(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("a rate limit of " + requests + " requests a second");
        }
        perSecond = requests;
        taken = 0;
    }

    /** Takes one request made now; empty if it may go, else how long until the next window opens. */
    synchronized Optional<Duration> take() {
        if (perSecond == 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (taken == 0 || now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            taken = 0;
        }
        if (taken < perSecond) {
            taken++;
            return Optional.empty();
        }
        refused++;
        return Optional.of(Duration.ofNanos(windowStart + WINDOW_NANOS - now));
    }

    /** How many requests were refused since the stand-in started. */
    synchronized int refused() {
        return refused;
    }
}
