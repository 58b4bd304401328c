package app.afterglow.bench;

import app.afterglow.testing.discord.StandInObserver;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The interactions of one phase of a run, timed at the stand-in: when each went out on the
 * gateway and when the bot's first callback for it arrived. It hears every interaction, but only
 * those {@link #track tracked} count towards its figures, so probes, warm-up and other phases stay
 * out of them. Thread-safe.
 */
final class Interactions implements StandInObserver {
    /** What arrived for an interaction: the first callback. */
    record Callback(int status, JsonNode body, long nanos) {
    }

    /** A tracked interaction: who sent it and what kind it was, to replay it elsewhere. */
    record Step(int person, Load.Kind kind, long interactionId) {
    }

    private final Map<Long, Long> dispatched = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Callback>> callbacks = new ConcurrentHashMap<>();
    private final Map<Long, Step> tracked = new ConcurrentHashMap<>();
    private final AtomicInteger repeatedCallbacks = new AtomicInteger();

    @Override
    public void dispatched(long interactionId, long nanos) {
        // A redelivery keeps the first time: the latency is the person's, from their first click.
        dispatched.putIfAbsent(interactionId, nanos);
    }

    @Override
    public void callbackArrived(long interactionId, int status, JsonNode body, long nanos) {
        if (!future(interactionId).complete(new Callback(status, body, nanos))) {
            repeatedCallbacks.incrementAndGet();
        }
    }

    /** Counts {@code interactionId}, sent by person {@code person}, in the figures. */
    void track(long interactionId, int person, Load.Kind kind) {
        tracked.put(interactionId, new Step(person, kind, interactionId));
    }

    /** The tracked interactions in the order they went out on the gateway. */
    List<Step> steps() {
        List<Step> steps = new ArrayList<>(tracked.values());
        steps.sort(java.util.Comparator.comparingLong(step -> dispatched.getOrDefault(step.interactionId(), Long.MAX_VALUE)));
        return steps;
    }

    /** The first callback for {@code interactionId}, waiting at most {@code timeoutMillis}. */
    Callback await(long interactionId, long timeoutMillis) throws TimeoutException, InterruptedException {
        try {
            return future(interactionId).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a callback future never fails", e);
        }
    }

    /** When the first callback for {@code interactionId} arrived; {@link Long#MAX_VALUE} while none has. */
    long answeredAt(long interactionId) {
        CompletableFuture<Callback> callback = callbacks.get(interactionId);
        return callback != null && callback.isDone() ? callback.join().nanos() : Long.MAX_VALUE;
    }

    /** When {@code interactionId} went out on the gateway, by {@link System#nanoTime()}. */
    long dispatchedAt(long interactionId) {
        Long at = dispatched.get(interactionId);
        if (at == null) {
            throw new IllegalStateException("interaction " + interactionId + " was never dispatched");
        }
        return at;
    }

    /** The tracked interactions' latencies in milliseconds, and how many got no callback at all. */
    Latencies latencies() {
        List<Double> millis = new ArrayList<>();
        int unanswered = 0;
        for (long id : tracked.keySet()) {
            CompletableFuture<Callback> callback = callbacks.get(id);
            Long sent = dispatched.get(id);
            if (callback == null || !callback.isDone() || sent == null) {
                unanswered++;
            } else {
                millis.add((callback.join().nanos() - sent) / 1e6);
            }
        }
        return new Latencies(millis, unanswered);
    }

    /**
     * The tracked interactions as CSV lines "dispatched_ms,latency_ms", dispatch time relative to
     * the first, in dispatch order: where in a run the slow ones fell.
     */
    List<String> timeline() {
        List<long[]> rows = new ArrayList<>();
        for (long id : tracked.keySet()) {
            CompletableFuture<Callback> callback = callbacks.get(id);
            Long sent = dispatched.get(id);
            if (callback != null && callback.isDone() && sent != null) {
                rows.add(new long[]{sent, callback.join().nanos() - sent});
            }
        }
        rows.sort((x, y) -> Long.compare(x[0], y[0]));
        List<String> lines = new ArrayList<>(List.of("dispatched_ms,latency_ms"));
        long first = rows.isEmpty() ? 0 : rows.get(0)[0];
        rows.forEach(r -> lines.add(String.format(java.util.Locale.ROOT, "%.1f,%.2f", (r[0] - first) / 1e6, r[1] / 1e6)));
        return lines;
    }

    /** Callbacks beyond the first for one interaction: the bot answering something twice. */
    int repeatedCallbacks() {
        return repeatedCallbacks.get();
    }

    private CompletableFuture<Callback> future(long interactionId) {
        return callbacks.computeIfAbsent(interactionId, id -> new CompletableFuture<>());
    }
}
