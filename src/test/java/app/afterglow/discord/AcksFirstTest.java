package app.afterglow.discord;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class AcksFirstTest {
    private final AcksFirst acks = new AcksFirst();

    @Test
    @DisplayName("GIVEN no acknowledgement in flight WHEN the worker asks THEN it goes on at once")
    void noneInFlightGoesOnAtOnce() throws Exception {
        long started = System.nanoTime();
        acks.awaitNone(5_000);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    @DisplayName("GIVEN two acknowledgements in flight WHEN the worker asks THEN it waits until both are answered")
    void waitsUntilAllAreAnswered() throws Exception {
        acks.queued();
        acks.queued();
        CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
            try {
                acks.awaitNone(5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        acks.answered();
        Thread.sleep(100);
        assertFalse(worker.isDone(), "one is still in flight");
        acks.answered();
        worker.get(2, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("GIVEN an acknowledgement that is never answered WHEN the worker asks THEN it goes on after the bound")
    void neverWaitsPastTheBound() throws Exception {
        acks.queued();
        long started = System.nanoTime();
        acks.awaitNone(100);
        long waited = System.nanoTime() - started;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(100) && waited < TimeUnit.SECONDS.toNanos(2), "waited " + waited);
    }
}
