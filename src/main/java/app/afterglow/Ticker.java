package app.afterglow;

import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.util.DaemonThreads;
import app.afterglow.core.util.SafeLog;
import app.afterglow.storage.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a running bot's time moving: on every tick, runs the jobs that fell due and has what
 * waits in the outbox delivered for each platform. Adapters still deliver right after they handle
 * an input; the tick catches scheduled messages and retries. Each platform's deliveries run on a
 * thread of their own, so a platform slow to answer (a homeserver taking half a minute over each
 * send) holds up neither the jobs, nor the heartbeat, nor another platform's messages; a tick that
 * finds a platform's delivery still under way leaves it to finish. Each tick whose jobs ran writes
 * the {@link Heartbeat} that {@code afterglow health} reads. Daemon threads: one for the ticks,
 * one per platform.
 */
final class Ticker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    /** How long a stop waits for a tick, then for deliveries, under way before interrupting them. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Afterglow afterglow;
    private final Heartbeat heartbeat;
    private final Map<Platform, Outlet> outlets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("afterglow-ticker"));

    /** One platform's deliveries: its messenger, its thread, and whether a delivery is asked for or under way. */
    private record Outlet(Messenger messenger, ExecutorService thread, AtomicBoolean busy) {
    }

    Ticker(Afterglow afterglow, Heartbeat heartbeat) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    }

    void deliverTo(Platform platform, Messenger messenger) {
        String name = "afterglow-ticker-" + platform.name().toLowerCase(Locale.ROOT);
        Outlet replaced = outlets.put(platform, new Outlet(messenger,
                Executors.newSingleThreadExecutor(DaemonThreads.named(name)), new AtomicBoolean()));
        if (replaced != null) {
            replaced.thread().shutdown();
        }
    }

    void start(Duration every) {
        executor.scheduleWithFixedDelay(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            afterglow.runDueJobs();
        } catch (RuntimeException e) {
            // No heartbeat either: a bot whose every tick fails is not healthy.
            LOG.error("tick failed, trying again next tick: {}", SafeLog.describe(e));
            return;
        }
        outlets.forEach(this::deliverSoon);
        try {
            heartbeat.beat();
        } catch (IOException e) {
            LOG.warn("could not write the heartbeat; afterglow health will call this bot stale: {}", SafeLog.describe(e));
        }
    }

    private void deliverSoon(Platform platform, Outlet outlet) {
        if (!outlet.busy().compareAndSet(false, true)) {
            return;
        }
        try {
            outlet.thread().execute(() -> {
                try {
                    afterglow.deliver(platform, outlet.messenger());
                } catch (RuntimeException e) {
                    LOG.error("delivering to {} failed, trying again next tick: {}", platform, SafeLog.describe(e));
                } finally {
                    outlet.busy().set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping: the outbox keeps it for the next start.
            outlet.busy().set(false);
        }
    }

    /**
     * Stops ticking, and waits a little for a tick and deliveries under way, so they are not cut
     * off mid-send; those still going then are interrupted (what they had not sent stays in the
     * outbox) and waited for, so none is left writing once the storage closes.
     */
    @Override
    public void close() {
        List<ExecutorService> threads = new ArrayList<>();
        threads.add(executor);
        outlets.values().forEach(outlet -> threads.add(outlet.thread()));
        threads.forEach(ExecutorService::shutdown);
        try {
            awaitAll(threads);
            threads.forEach(ExecutorService::shutdownNow);
            awaitAll(threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(ExecutorService::shutdownNow);
        }
    }

    private static void awaitAll(List<ExecutorService> threads) throws InterruptedException {
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (ExecutorService thread : threads) {
            thread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
