package app.afterglow.testing.discord;

import net.dv8tion.jda.api.JDA;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded versions of JDA's start and stop waits, for tests. */
public final class JdaLifecycle {
    private JdaLifecycle() {
    }

    /**
     * Waits until {@code jda} has finished loading (READY and every guild), at most {@code timeout}.
     * JDA (5 and 6) has no timed {@code awaitReady}, so this waits on a helper thread and interrupts it on
     * timeout. Throws AssertionError if JDA is not ready in time or shut down while loading.
     */
    public static JDA awaitReady(JDA jda, Duration timeout) {
        FutureTask<JDA> ready = new FutureTask<>(jda::awaitReady);
        Thread waiter = new Thread(ready, "jda-await-ready");
        waiter.setDaemon(true);
        waiter.start();
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiter.interrupt();
            throw new AssertionError("JDA not ready within " + timeout + "; status " + jda.getStatus(), e);
        } catch (ExecutionException e) {
            throw new AssertionError("JDA failed while loading; status " + jda.getStatus(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiter.interrupt();
            throw new AssertionError("interrupted while waiting for JDA", e);
        }
    }

    /**
     * Stops {@code jda} at once (pending requests are cancelled) and waits at most {@code timeout}
     * for its threads to finish. Safe on a null or already stopped instance.
     */
    public static void shutdownNow(JDA jda, Duration timeout) {
        if (jda == null) {
            return;
        }
        jda.shutdownNow();
        try {
            if (!jda.awaitShutdown(timeout)) {
                throw new AssertionError("JDA did not shut down within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for JDA to shut down", e);
        }
    }
}
