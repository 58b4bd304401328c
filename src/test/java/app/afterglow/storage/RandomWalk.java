package app.afterglow.storage;

import app.afterglow.core.store.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A randomised store model test's world: the storage under test in a data directory, a clock, a
 * seeded random, and the steps taken on them: writes committed, writes rolled back after reading
 * inside their transaction, writes in a nested transaction rolled back inside a committed one,
 * restarts, clock jumps both ways, and reads; the model copied for whatever may be rolled back.
 *
 * @param <M> the model, a plain copy of what the store should hold
 */
abstract class RandomWalk<M extends RandomWalk.Snapshot<M>> {
    /** What the store should hold, copied for whatever may be rolled back. */
    interface Snapshot<M> {
        M copy();

        /** Makes this model hold what {@code from} holds. */
        void takeFrom(M from);
    }

    final Random random;
    private final Path dir;
    private SqliteStorage storage;
    Instant now = Fixtures.T0;

    RandomWalk(long seed, Path dir) {
        this.random = new Random(seed);
        this.dir = dir;
        this.storage = Fixtures.open(dir);
    }

    /** One random write through the store, mirrored in {@code model}; inside the caller's transaction. */
    abstract void write(M model);

    /** Compares what the store reads with {@code model}; inside the caller's transaction. */
    abstract void check(M model, String when);

    SqliteStorage storage() {
        return storage;
    }

    Stores stores() {
        return storage.stores();
    }

    <T> T tx(Supplier<T> work) {
        return Fixtures.tx(storage, work);
    }

    /** Takes {@code steps} random steps from {@code model}, then checks once more; closes the storage. */
    void walk(String seed, int steps, M model) {
        try {
            for (int step = 0; step < steps; step++) {
                step(seed + ", step " + step, model);
            }
            tx(() -> {
                check(model, seed + ", at the end");
                return null;
            });
        } finally {
            storage.close();
        }
    }

    private void step(String when, M model) {
        int choice = random.nextInt(20);
        if (choice < 8) {
            tx(() -> {
                write(model);
                return null;
            });
        } else if (choice < 11) {
            M tentative = model.copy();
            assertThrows(IllegalStateException.class, () -> tx(() -> {
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    write(tentative);
                }
                check(tentative, when + " (inside a transaction then rolled back)");
                throw new IllegalStateException("rolled back");
            }));
        } else if (choice < 13) {
            M tentative = model.copy();
            tx(() -> {
                write(tentative);
                M inner = tentative.copy();
                assertThrows(IllegalStateException.class, () -> tx(() -> {
                    write(inner);
                    check(inner, when + " (inside a nested transaction then rolled back)");
                    throw new IllegalStateException("nested rolled back");
                }));
                check(tentative, when + " (after a nested rollback)");
                return null;
            });
            model.takeFrom(tentative);
        } else if (choice < 14) {
            storage.close();
            storage = Fixtures.open(dir);
        } else if (choice < 16) {
            now = now.plus(Duration.ofMinutes(random.nextInt(-90, 180)));
        } else {
            tx(() -> {
                check(model, when);
                return null;
            });
        }
    }
}
