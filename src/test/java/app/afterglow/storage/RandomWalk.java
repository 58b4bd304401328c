package app.afterglow.storage;

import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The steps of a randomised store model test: writes committed, writes rolled back after reading
 * inside their transaction, writes in a nested transaction rolled back inside a committed one,
 * restarts, clock jumps both ways, and reads; the model copied for whatever may be rolled back.
 *
 * @param <M> the model, a plain copy of what the store should hold
 */
final class RandomWalk<M> {
    /** What a test gives the walk: the store under test, and how its model is copied. */
    interface Store<M> {
        Random random();

        <T> T tx(Supplier<T> work);

        /** One random write through the store, mirrored in {@code model}; inside the caller's transaction. */
        void write(M model);

        /** Compares what the store reads with {@code model}; inside the caller's transaction. */
        void check(M model, String when);

        void restart();

        void jumpClock();

        M copy(M model);

        /** Makes {@code model} hold what {@code from} holds. */
        void takeFrom(M model, M from);
    }

    private RandomWalk() {
    }

    static <M> void walk(String seed, int steps, M model, Store<M> store) {
        Random random = store.random();
        for (int step = 0; step < steps; step++) {
            String when = seed + ", step " + step;
            int choice = random.nextInt(20);
            if (choice < 8) {
                store.tx(() -> {
                    store.write(model);
                    return null;
                });
            } else if (choice < 11) {
                M tentative = store.copy(model);
                assertThrows(IllegalStateException.class, () -> store.tx(() -> {
                    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                        store.write(tentative);
                    }
                    store.check(tentative, when + " (inside a transaction then rolled back)");
                    throw new IllegalStateException("rolled back");
                }));
            } else if (choice < 13) {
                M tentative = store.copy(model);
                store.tx(() -> {
                    store.write(tentative);
                    M inner = store.copy(tentative);
                    assertThrows(IllegalStateException.class, () -> store.tx(() -> {
                        store.write(inner);
                        store.check(inner, when + " (inside a nested transaction then rolled back)");
                        throw new IllegalStateException("nested rolled back");
                    }));
                    store.check(tentative, when + " (after a nested rollback)");
                    return null;
                });
                store.takeFrom(model, tentative);
            } else if (choice < 14) {
                store.restart();
            } else if (choice < 16) {
                store.jumpClock();
            } else {
                store.tx(() -> {
                    store.check(model, when);
                    return null;
                });
            }
        }
        store.tx(() -> {
            store.check(model, seed + ", at the end");
            return null;
        });
    }
}
