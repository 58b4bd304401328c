package app.afterglow.core.messages;

import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.OutboxEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One drain of a platform that takes several people's messages at once. Each recipient's due
 * entries go on a lane of their own (the lanes' pool sets how many send at once), and a lane that
 * ends makes room at once: nobody's message waits for the slowest lane of a round, and what was
 * queued meanwhile is read as soon as a lane ends or {@link #moreQueued} says so. A recipient has
 * one lane at a time, and their entries are taken oldest first, so each person's messages still go
 * out one after the other and in order, and none is sent twice. Used by one thread, but for
 * {@link #moreQueued}, which any thread may call.
 */
final class LaneDrain {
    /** What one recipient's lane delivered, and whether it queued a message for someone else. */
    record Lane(int delivered, boolean toldSomeone) {
    }

    /** A lane that ended, for the drain's thread: how it went, or how it failed. */
    private record Ended(String recipient, Lane lane, RuntimeException failure) {
    }

    /** Told by {@link #moreQueued}: read the outbox again. */
    private static final Object MORE = new Object();

    private final ExecutorService pool;
    private final Supplier<List<OutboxEntry>> due;
    private final int batch;
    private final int maxReads;
    private final Function<List<OutboxEntry>, Lane> deliverInTurn;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Set<Thread> working = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();

    /**
     * @param due           the entries due now, oldest first, at most {@code batch}
     * @param maxReads      how often one drain reads the outbox at most; what is left waits for the next drain
     * @param deliverInTurn tries one recipient's entries one after the other, on their lane
     */
    LaneDrain(ExecutorService pool, Supplier<List<OutboxEntry>> due, int batch, int maxReads,
              Function<List<OutboxEntry>, Lane> deliverInTurn) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.due = Objects.requireNonNull(due, "due");
        this.batch = batch;
        this.maxReads = maxReads;
        this.deliverInTurn = Objects.requireNonNull(deliverInTurn, "deliverInTurn");
    }

    /** Something was queued since the outbox was last read: read it again as soon as the drain can. */
    void moreQueued() {
        events.add(MORE);
    }

    /**
     * Delivers until nothing is due that this drain can take, and every lane has ended; returns how
     * many were delivered. Interrupted, it stops its lanes (a send under way gives up and is tried
     * again at the next start), waits for them, and returns with the interrupt passed on. A lane that
     * failed is reported once every other lane has ended, so none records its tries after the
     * storage has closed.
     */
    int run() {
        // Each recipient on a lane, and whether entries of theirs were seen and left for after it.
        Map<String, Boolean> onLane = new HashMap<>();
        int delivered = 0;
        int reads = 0;
        boolean readAgain = true;
        boolean lastReadFull = false;
        boolean interrupted = false;
        RuntimeException failed = null;
        while (true) {
            if (readAgain && reads < maxReads && !stopping.get() && failed == null) {
                readAgain = false;
                reads++;
                List<OutboxEntry> read = due.get();
                lastReadFull = read.size() >= batch;
                for (List<OutboxEntry> theirs : byRecipient(read)) {
                    String recipient = key(theirs.get(0));
                    if (onLane.containsKey(recipient)) {
                        onLane.put(recipient, true);
                    } else {
                        onLane.put(recipient, false);
                        start(recipient, theirs);
                    }
                }
            }
            if (onLane.isEmpty()) {
                if (readAgain && reads < maxReads && !stopping.get() && failed == null) {
                    continue;
                }
                break;
            }
            Object event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
                continue;
            }
            if (event == MORE) {
                readAgain = true;
                continue;
            }
            Ended ended = (Ended) event;
            boolean leftForAfter = onLane.remove(ended.recipient());
            if (ended.failure() != null) {
                if (failed == null) {
                    failed = ended.failure();
                } else {
                    failed.addSuppressed(ended.failure());
                }
                continue;
            }
            delivered += ended.lane().delivered();
            // A fallback or notice this lane queued is said in this drain, not left for a later one.
            readAgain |= leftForAfter || lastReadFull || ended.lane().toldSomeone();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed != null) {
            throw failed;
        }
        return delivered;
    }

    private void start(String recipient, List<OutboxEntry> theirs) {
        pool.execute(() -> {
            Thread lane = Thread.currentThread();
            working.add(lane);
            try {
                events.add(new Ended(recipient, stopping.get() ? new Lane(0, false) : deliverInTurn.apply(theirs), null));
            } catch (RuntimeException e) {
                events.add(new Ended(recipient, null, e));
            } catch (Error e) {
                events.add(new Ended(recipient, null, new IllegalStateException("a delivery lane failed", e)));
                throw e;
            } finally {
                working.remove(lane);
                // A pooled thread takes no stop along to another drain's lane.
                Thread.interrupted();
            }
        });
    }

    /** The stop reaches the lanes: a send under way gives up, and lanes not yet begun deliver nothing. */
    private void stop() {
        stopping.set(true);
        working.forEach(Thread::interrupt);
    }

    /**
     * The entries grouped by recipient, each recipient's in the order they were queued. By account,
     * not by the whole {@link PlatformUser}: the name shown with an entry is the one it was queued
     * under, and someone renamed in between is still one person whose messages go in order.
     */
    private static Collection<List<OutboxEntry>> byRecipient(List<OutboxEntry> due) {
        Map<String, List<OutboxEntry>> grouped = new LinkedHashMap<>();
        for (OutboxEntry entry : due) {
            grouped.computeIfAbsent(key(entry), r -> new ArrayList<>()).add(entry);
        }
        return grouped.values();
    }

    private static String key(OutboxEntry entry) {
        PlatformUser to = entry.recipient();
        return to.platform() + ":" + to.id();
    }
}
