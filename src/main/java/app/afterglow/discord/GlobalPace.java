package app.afterglow.discord;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Keeps the bot's requests under Discord's global rate limit, 50 a second per bot token, by giving
 * each its own moment, evenly spaced at {@link #PER_SECOND} a second, and holding it until then.
 * JDA learns of that limit only from a refusal: a 429 that stops every request but interaction
 * answers for at least a whole second, so a bot sending direct messages faster than the limit got
 * fewer out than one that kept under it. Evenly spaced, no second ever holds more than
 * {@link #PER_SECOND} + 1 of them, whatever Discord's window. Interaction answers, follow-ups and
 * their edits go by the interaction's token, outside the limit, and are never held. Runs on JDA's
 * request threads, one per route, so a held request holds only its own route; thread-safe.
 */
final class GlobalPace implements Interceptor {
    /** Under Discord's 50, leaving room for a clock that differs from Discord's. */
    static final int PER_SECOND = 45;
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
    private static final Pattern BY_INTERACTION_TOKEN = Pattern.compile(".*/(interactions/\\d+/[^/]+/callback|webhooks/.*)");

    private final LongSupplier nanoTime;
    private long nextSlot = Long.MIN_VALUE;

    GlobalPace() {
        this(System::nanoTime);
    }

    GlobalPace(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (!BY_INTERACTION_TOKEN.matcher(chain.request().url().encodedPath()).matches()) {
            long wait = reserve();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stopped while waiting for Discord's global rate limit");
                }
            }
        }
        return chain.proceed(chain.request());
    }

    /** Takes the next free moment; returns how long until it comes, 0 if it is now. */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        long slot = nextSlot == Long.MIN_VALUE || nextSlot - now < 0 ? now : nextSlot;
        nextSlot = slot + INTERVAL_NANOS;
        return slot - now;
    }
}
