package app.afterglow.bench;

import app.afterglow.testing.discord.SentInteraction;
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
import java.util.concurrent.atomic.AtomicLong;

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
    private final AtomicLong payloadBytes = new AtomicLong();

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

    /** Counts {@code sent}, sent by person {@code person}, in the figures. */
    void track(SentInteraction sent, int person, Load.Kind kind) {
        tracked.put(sent.id(), new Step(person, kind, sent.id()));
        payloadBytes.addAndGet(sent.payload().toString().length());
    }

    /**
     * The tracked interactions' mean size as dispatched, in characters of JSON: a click carries
     * the whole message it was made on, and the bot reads all of it before it can acknowledge.
     */
    double meanPayloadChars() {
        return tracked.isEmpty() ? 0 : (double) payloadBytes.get() / tracked.size();
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
        List<Answered> answered = answered();
        return new Latencies(answered.stream().map(a -> (a.answered() - a.sent()) / 1e6).toList(),
                tracked.size() - answered.size());
    }

    /**
     * The tracked interactions as CSV lines "dispatched_ms,latency_ms,kind,dispatched_nanos", dispatch
     * time relative to the first and, by {@link System#nanoTime()}, as the bots' GC logs have it, in
     * dispatch order: where in a run the slow ones fell, and what they were.
     */
    List<String> timeline() {
        List<Answered> rows = new ArrayList<>(answered());
        rows.sort(java.util.Comparator.comparingLong(Answered::sent));
        List<String> lines = new ArrayList<>(List.of("dispatched_ms,latency_ms,kind,dispatched_nanos"));
        long first = rows.isEmpty() ? 0 : rows.get(0).sent();
        rows.forEach(r -> lines.add(String.format(java.util.Locale.ROOT, "%.1f,%.2f,%s,%d",
                (r.sent() - first) / 1e6, (r.answered() - r.sent()) / 1e6, r.step().kind(), r.sent())));
        return lines;
    }

    /** Each answered tracked interaction as {@code {sent, answered}}, by {@link System#nanoTime()}. */
    List<long[]> sentAndAnswered() {
        return answered().stream().map(a -> new long[]{a.sent(), a.answered()}).toList();
    }

    /** A tracked interaction that went out and got its first callback, both by {@link System#nanoTime()}. */
    private record Answered(Step step, long sent, long answered) {
    }

    private List<Answered> answered() {
        List<Answered> all = new ArrayList<>();
        for (Step step : tracked.values()) {
            CompletableFuture<Callback> callback = callbacks.get(step.interactionId());
            Long sent = dispatched.get(step.interactionId());
            if (callback != null && callback.isDone() && sent != null) {
                all.add(new Answered(step, sent, callback.join().nanos()));
            }
        }
        return all;
    }

    /** Callbacks beyond the first for one interaction: the bot answering something twice. */
    int repeatedCallbacks() {
        return repeatedCallbacks.get();
    }

    private CompletableFuture<Callback> future(long interactionId) {
        return callbacks.computeIfAbsent(interactionId, id -> new CompletableFuture<>());
    }
}
