package app.afterglow.matrix;

import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.util.DaemonThreads;
import app.afterglow.core.util.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers the outbox to people on Matrix on a thread of its own, so the sync loop reads what
 * people say next while messages go out: a homeserver slow to take one person's message (a key
 * query for a far server, a room that is slow to send into) holds up no one else's answer. Asked
 * while a delivery runs, it tells that delivery, which takes the new messages as soon as a lane is
 * free, and runs once more after it however often it was asked. Thread-safe.
 */
final class Deliveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Afterglow afterglow;
    private final Messenger messenger;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            DaemonThreads.named("afterglow-matrix-delivery"));
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    Deliveries(Afterglow afterglow, Messenger messenger) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.messenger = Objects.requireNonNull(messenger, "messenger");
    }

    /** Has what is queued for Matrix delivered soon, beside whatever is being delivered now. */
    void soon() {
        afterglow.moreQueued(Platform.MATRIX);
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::deliver);
            } catch (RejectedExecutionException e) {
                // Stopping: the outbox keeps it, and the next start delivers it.
                scheduled.set(false);
            }
        }
    }

    /** Whether a delivery is asked for or under way. */
    boolean busy() {
        // In this order: a delivery is marked running before it takes its request.
        return scheduled.get() || running.get();
    }

    private void deliver() {
        running.set(true);
        scheduled.set(false);
        try {
            afterglow.deliver(Platform.MATRIX, messenger);
        } catch (RuntimeException e) {
            LOG.error("Matrix: delivering failed; the outbox keeps what is left: {}",
                    SafeLog.describe(e, MatrixException::codeOf));
        } finally {
            running.set(false);
        }
    }

    /**
     * Stops: a delivery under way may finish within a few seconds, then its sends are interrupted
     * (what they had not sent waits in the outbox for the next start). Returns once the thread has
     * ended or given up waiting, so the storage may be closed after it.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
