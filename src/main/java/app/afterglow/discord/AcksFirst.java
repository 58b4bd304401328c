package app.afterglow.discord;

import java.util.concurrent.TimeUnit;

/**
 * Acknowledgements first. Discord drops an interaction that is not acknowledged within 3
 * seconds, while the work behind one may take as long as it needs; so the worker lets the
 * acknowledgements in flight, each sent as an answer's window closed with half of those seconds
 * gone ({@link FirstResponse}), go out before it starts the next piece of work. In a burst (two
 * thousand clicks at once, in the hostile-input fault run) storage and replies otherwise took the
 * processor from the acknowledgements: the slowest came after 4.6 to 7.9 seconds, and 3.1 to 4.5
 * with this. The wait is bounded, so the worker is slowed, never stopped. Thread-safe.
 */
final class AcksFirst {
    /** Acknowledgements queued and not yet answered by Discord. Guarded by this. */
    private int pending;

    synchronized void queued() {
        pending++;
    }

    synchronized void answered() {
        if (pending > 0 && --pending == 0) {
            notifyAll();
        }
    }

    /** Returns once no acknowledgement is in flight, or after {@code maxMillis} at most. */
    synchronized void awaitNone(long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (pending > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }
}
