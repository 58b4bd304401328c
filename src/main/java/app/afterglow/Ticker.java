package app.afterglow;

import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.util.SafeLog;
import app.afterglow.storage.Heartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a running bot's time moving: on every tick, runs the jobs that fell due and delivers
 * what waits in the outbox for each platform. Adapters still deliver right after they handle an
 * input; the tick catches scheduled messages and retries. Each tick that finishes writes the
 * {@link Heartbeat} that {@code afterglow health} reads. One daemon thread.
 */
final class Ticker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    private final Afterglow afterglow;
    private final Heartbeat heartbeat;
    private final Map<Platform, Messenger> messengers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "afterglow-ticker");
        t.setDaemon(true);
        return t;
    });

    Ticker(Afterglow afterglow, Heartbeat heartbeat) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    }

    void deliverTo(Platform platform, Messenger messenger) {
        messengers.put(platform, messenger);
    }

    void start(Duration every) {
        executor.scheduleWithFixedDelay(this::tick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            afterglow.runDueJobs();
            messengers.forEach(afterglow::deliver);
        } catch (RuntimeException e) {
            // No heartbeat either: a bot whose every tick fails is not healthy.
            LOG.error("tick failed, trying again next tick: {}", SafeLog.describe(e));
            return;
        }
        try {
            heartbeat.beat();
        } catch (IOException e) {
            LOG.warn("could not write the heartbeat; afterglow health will call this bot stale: {}", SafeLog.describe(e));
        }
    }

    /** Stops ticking, and waits a little for a tick under way, so it is not cut off mid-delivery. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
