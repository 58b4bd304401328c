package app.afterglow.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting, in a test, for something another thread brings about: the condition is checked every
 * few milliseconds until it holds or the time-out passes, and a time-out fails the test with an
 * {@link AssertionError} that says what did not happen. For the test thread; an interrupt ends
 * the wait as a failure, with the interrupt flag kept.
 */
public final class Await {
    /** Short enough that a test waits little past the moment, long enough not to busy a core. */
    private static final Duration PAUSE = Duration.ofMillis(20);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails after {@code timeout}, naming {@code what} was awaited. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        poll(timeout, what, condition::getAsBoolean, Boolean::booleanValue, false);
    }

    /**
     * The first value of {@code probe} that {@code done} accepts; fails after {@code timeout},
     * naming {@code what} was awaited and the last value seen.
     */
    public static <T> T until(Duration timeout, String what, Supplier<T> probe, Predicate<? super T> done) {
        return poll(timeout, what, probe, done, true);
    }

    private static <T> T poll(Duration timeout, String what, Supplier<T> probe, Predicate<? super T> done, boolean showLast) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(what, "what");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + " within " + timeout + (showLast ? "; last seen: " + value : ""));
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
