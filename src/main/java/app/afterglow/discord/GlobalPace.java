package app.afterglow.discord;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Keeps the bot's requests under Discord's global rate limit, 50 a second per bot token unless
 * Discord raised it: a request goes at once unless the configured number ({@code
 * discord.requests_per_second}, 45 by default) went in the second before it, and otherwise waits
 * until the one that many before it is a second old. JDA learns of that limit only from a
 * refusal: a 429 that stops every request but interaction answers for at least a whole second, so
 * a bot sending direct messages faster than the limit got fewer out than one that kept under it.
 * No second ever holds more than that number of requests, whatever Discord's window; below it
 * nothing waits (requests spaced evenly instead made a reveal in the benchmark wait a quarter of a
 * second longer). Interaction answers, follow-ups and their edits go by the interaction's token,
 * outside the limit, and are never held. Runs on JDA's request threads, one per route, so a held
 * request holds only its own route; thread-safe.
 */
final class GlobalPace implements Interceptor {
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Pattern BY_INTERACTION_TOKEN = Pattern.compile(".*/(interactions/\\d+/[^/]+/callback|webhooks/.*)");

    private final LongSupplier nanoTime;
    /** The moments of the last requests, as many as go in a second, the oldest at {@link #oldest}. */
    private final long[] moments;
    private int oldest;

    GlobalPace(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    GlobalPace(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("requests a second: " + perSecond);
        }
        this.nanoTime = nanoTime;
        this.moments = new long[perSecond];
        Arrays.fill(moments, nanoTime.getAsLong() - SECOND_NANOS);
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

    /**
     * Takes the first moment from now at which a request keeps within the limit; returns how long
     * until it comes, 0 if it is now. Moments are handed out in order, so the one taken a
     * second's worth of requests before is the oldest that could share a second with it.
     */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        long earliest = moments[oldest] + SECOND_NANOS;
        long moment = earliest - now > 0 ? earliest : now;
        moments[oldest] = moment;
        oldest = (oldest + 1) % moments.length;
        return moment - now;
    }
}
