package app.afterglow.core.store;

import java.util.function.Supplier;

/**
 * Runs work atomically. Everything the core changes while handling one input or one scheduled
 * job happens inside one call, so a crash leaves either all of it or none.
 */
public interface Transactions {
    /**
     * Runs {@code work} in one transaction and commits it; rolls back and rethrows if it throws.
     * A call made while a transaction is already open on this thread joins it. Calls from several
     * threads are serialised.
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Like {@link #inTransaction}, for work a person is waiting on: their input. It goes ahead of
     * transactions that nobody is waiting on (deliveries, due jobs) that are waiting to begin, which
     * give way to it for a bounded time, so an answer waits for at most the one transaction under
     * way rather than for everything queued before it.
     */
    <T> T inTransactionAhead(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
