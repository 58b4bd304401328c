package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.PersonStore;
import app.afterglow.core.store.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionsTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private Transactions transactions;
    private PersonStore people;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        transactions = storage.stores().transactions();
        people = storage.stores().people();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    @DisplayName("GIVEN another connection holding the database's write lock for a moment, as SQLite's own "
            + "checkpoint on the checkpointer's connection now and then does WHEN a transaction reads and then writes "
            + "THEN it waits for the lock and commits: begun as a read, it failed at once with SQLITE_BUSY, as no "
            + "busy timeout applies to a read turning into a write (a size-100 build lost answers so)")
    void aTransactionWaitsForAWriteLockHeldAMomentElsewhere() throws Exception {
        Sql sql = new Sql(storage.database());
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + storage.database().file());
             Statement holding = other.createStatement()) {
            holding.execute("BEGIN IMMEDIATE");
            ExecutorService releaser = Executors.newSingleThreadExecutor();
            try {
                Future<?> released = releaser.submit(() -> {
                    Thread.sleep(300);
                    holding.execute("COMMIT");
                    return null;
                });

                long rows = transactions.inTransaction(() -> {
                    long before = sql.list("SELECT count(*) FROM meta", row -> row.getLong(1)).get(0);
                    sql.update("INSERT INTO meta (name, value) VALUES ('row-written', x'')");
                    return before + 1;
                });

                released.get(10, TimeUnit.SECONDS);
                assertEquals(rows, (long) transactions.inTransaction(
                        () -> sql.list("SELECT count(*) FROM meta", row -> row.getLong(1)).get(0)));
            } finally {
                releaser.shutdownNow();
            }
        }
    }

    private void add(String platformId) {
        people.findOrCreate(PlatformUser.human(Platform.CONSOLE, platformId, "someone"), ZONE, Optional.empty(), T0);
    }

    private boolean exists(String platformId) {
        return transactions.inTransaction(() ->
                people.find(PlatformUser.human(Platform.CONSOLE, platformId, "someone")).isPresent());
    }

    @Test
    @DisplayName("GIVEN work that writes and then throws WHEN run THEN nothing is kept and the same exception reaches the caller")
    void rollbackOnException() {
        IllegalStateException boom = new IllegalStateException("boom");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            add("a");
            throw boom;
        }));

        assertSame(boom, thrown);
        assertFalse(exists("a"));
    }

    @Test
    @DisplayName("GIVEN a transaction inside another WHEN the outer one fails afterwards THEN the inner work is undone too")
    void nestedCallJoinsTheOuterTransaction() {
        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            transactions.run(() -> add("inner"));
            add("outer");
            throw new IllegalStateException("outer fails");
        }));

        assertFalse(exists("inner"));
        assertFalse(exists("outer"));
    }

    @Test
    @DisplayName("GIVEN a nested call that fails WHEN the outer code catches it THEN only the nested work is undone")
    void failedNestedCallUndoesOnlyItsOwnWork() {
        transactions.run(() -> {
            add("before");
            assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
                add("nested");
                throw new IllegalStateException("nested fails");
            }));
            add("after");
        });

        assertTrue(exists("before"));
        assertFalse(exists("nested"));
        assertTrue(exists("after"));
    }

    @Test
    @DisplayName("GIVEN a statement SQLite rejects WHEN run THEN a StorageException with the SQLException as cause surfaces and the transaction is rolled back")
    void sqlFailureIsWrappedAndRolledBack() {
        StorageException e = assertThrows(StorageException.class, () -> transactions.run(() -> {
            add("a");
            storage.stores().partnerships().create(new PersonId(404), new PersonId(405), T0);
        }));

        assertInstanceOf(SQLException.class, e.getCause());
        assertFalse(exists("a"));
    }

    @Test
    @DisplayName("GIVEN two threads WHEN both write in many transactions THEN they are serialised and nothing is lost")
    void twoThreadsAreSerialised() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean secondRanEarly = new AtomicBoolean();
            AtomicBoolean firstDone = new AtomicBoolean();
            Future<?> first = pool.submit(() -> transactions.run(() -> {
                add("first");
                firstInside.countDown();
                await(release);
                firstDone.set(true);
            }));
            assertTrue(firstInside.await(5, TimeUnit.SECONDS));
            Future<?> second = pool.submit(() -> transactions.run(() -> secondRanEarly.set(!firstDone.get())));
            Thread.sleep(50);
            release.countDown();
            first.get(5, TimeUnit.SECONDS);
            second.get(5, TimeUnit.SECONDS);
            assertFalse(secondRanEarly.get(), "the second transaction ran while the first was open");

            List<Future<?>> writers = new ArrayList<>();
            for (String side : List.of("x", "y")) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String id = side + i;
                        transactions.run(() -> add(id));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long count = transactions.inTransaction(() -> new Sql(storage.database())
                .one("SELECT count(*) FROM person", row -> row.getLong(1)).orElseThrow());
        assertEquals(101, count);
    }

    @Test
    @DisplayName("GIVEN a transaction under way and another waiting to begin WHEN a person's input asks for one THEN it goes first")
    void aPersonsInputGoesAheadOfTransactionsWaiting() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> began = Collections.synchronizedList(new ArrayList<>());
        Thread holder = new Thread(() -> transactions.run(() -> {
            holding.countDown();
            await(release);
        }));
        Thread delivery = new Thread(() -> transactions.run(() -> began.add("delivery")));
        Thread answer = new Thread(() -> transactions.inTransactionAhead(() -> began.add("answer")));
        try {
            holder.start();
            assertTrue(holding.await(5, TimeUnit.SECONDS));
            delivery.start();
            awaitWaiting(delivery);
            answer.start();
            awaitWaiting(answer);
            release.countDown();
            for (Thread thread : List.of(holder, delivery, answer)) {
                thread.join(5000);
                assertFalse(thread.isAlive(), thread.getName() + " did not end");
            }
        } finally {
            release.countDown();
        }
        assertEquals(List.of("answer", "delivery"), began);
    }

    @Test
    @DisplayName("GIVEN answers back to back on two threads WHEN another transaction waits THEN it begins while they go on")
    void transactionsGivingWayStillBeginUnderAStreamOfAnswers() throws Exception {
        AtomicBoolean otherBegan = new AtomicBoolean();
        // Set by an answering thread that stopped because time ran out rather than because the other began.
        AtomicBoolean answersRanOut = new AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        CountDownLatch answering = new CountDownLatch(2);
        List<Thread> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(new Thread(() -> {
                answering.countDown();
                while (!otherBegan.get()) {
                    if (System.nanoTime() >= deadline) {
                        answersRanOut.set(true);
                        return;
                    }
                    transactions.inTransactionAhead(() -> {
                        sleep(2);
                        return null;
                    });
                }
            }));
        }
        answers.forEach(Thread::start);
        assertTrue(answering.await(5, TimeUnit.SECONDS));
        sleep(50);
        Thread other = new Thread(() -> transactions.run(() -> otherBegan.set(true)));
        other.start();
        for (Thread thread : List.of(answers.get(0), answers.get(1), other)) {
            thread.join(10_000);
            assertFalse(thread.isAlive());
        }
        assertTrue(otherBegan.get());
        assertFalse(answersRanOut.get(), "the other transaction waited until the answers stopped");
    }

    @Test
    @DisplayName("GIVEN a transaction open on a thread WHEN it asks for one ahead THEN that joins it")
    void aTransactionAheadInsideAnotherJoinsIt() {
        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            transactions.inTransactionAhead(() -> {
                add("inner");
                return null;
            });
            throw new IllegalStateException("undo both");
        }));
        assertFalse(exists("inner"));
    }

    /** Until {@code thread} waits for the database's lock: a bounded poll. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 500 && thread.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, thread.getState(), thread.getName() + " is not waiting for the lock");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
