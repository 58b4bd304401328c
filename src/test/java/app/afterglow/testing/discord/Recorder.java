package app.afterglow.testing.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An append-only log that one thread writes and tests read or wait on. Waits use the monotonic
 * system timer, not the stand-in's clock, since a test's clock may be fixed.
 */
final class Recorder<T> {
    private final String what;
    private final List<T> items = new ArrayList<>();

    Recorder(String what) {
        this.what = what;
    }

    synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    synchronized List<T> snapshot() {
        return List.copyOf(items);
    }

    /** The first item, old or new, matching {@code predicate}; an AssertionError after {@code timeout}. */
    synchronized T await(Predicate<? super T> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < items.size(); checked++) {
                if (predicate.test(items.get(checked))) {
                    return items.get(checked);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("no matching " + what + " within " + timeout + "; recorded: " + items);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
