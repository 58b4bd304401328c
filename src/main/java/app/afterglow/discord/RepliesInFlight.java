package app.afterglow.discord;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The interactions the worker has taken up and whose answers Discord has not yet taken. The
 * worker no longer waits for Discord after each answer, so two things it used to get from waiting
 * are kept here: a message the core queued is delivered only once the answers opened before it
 * was read are out (a person reads "that's sent" before what their action caused), and at most
 * {@link #LIMIT} answers are in flight, so a burst of interactions cannot queue requests with JDA
 * faster than Discord takes them. Thread-safe.
 */
final class RepliesInFlight {
    /** Enough to keep the worker busy while Discord answers, few enough that JDA's queue stays short. */
    static final int LIMIT = 32;

    private final Semaphore room = new Semaphore(LIMIT);
    private final Set<CompletableFuture<Void>> open = ConcurrentHashMap.newKeySet();

    /**
     * One more answer under way, opened before the core handles its interaction, so that what the
     * core queues for others is always read after it was opened; complete it once Discord has
     * answered (or nothing will be sent). Waits while {@link #LIMIT} are open.
     */
    CompletableFuture<Void> open() throws InterruptedException {
        room.acquire();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        open.add(answer);
        answer.whenComplete((done, failure) -> {
            open.remove(answer);
            room.release();
        });
        return answer;
    }

    /**
     * Returns once every answer opened before this call is complete, or after {@code atMost}: a
     * delivery is only ever held back, never lost, by an answer Discord does not take. Returns
     * whether they all completed.
     */
    boolean awaitEarlier(Duration atMost) throws InterruptedException {
        CompletableFuture<?>[] earlier = open.toArray(CompletableFuture[]::new);
        if (earlier.length == 0) {
            return true;
        }
        try {
            CompletableFuture.allOf(earlier).get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
