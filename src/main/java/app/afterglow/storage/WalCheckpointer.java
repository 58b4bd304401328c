package app.afterglow.storage;

import app.afterglow.core.util.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Copies the write-ahead log back into the database file on a connection and a thread of its own,
 * so that no transaction waits for it. SQLite's own checkpoint runs inside the commit that takes
 * the log past its threshold, with the database's lock held: in session 30's load benchmark that
 * commit stalled whichever thread made it for about 4 ms, every second or so, and the interactions
 * arriving meanwhile were Afterglow's slowest hundredth (p99 7.0 ms against 4.6 with no checkpoint
 * in any commit).
 *
 * <p>A passive checkpoint runs after every {@link Pace#commits} commits, about as often as SQLite's
 * own threshold at a person's few pages a turn, so a host's disk is synced no more often than
 * before; and after {@link Pace#idle} at most once anything was committed, so what a quiet host
 * wrote reaches the file, synced, within that time. A passive checkpoint neither blocks the
 * database's writer nor waits for it; the log starts over once a write begins with all of it
 * copied. Writes that never pause may not allow that: the database's connection keeps SQLite's
 * own checkpoint at a higher threshold for them, where most of the log is copied already.
 *
 * <p>Checkpoints take turns through {@link #turns}, which {@link Database#checkpointWal} holds
 * too: the truncating checkpoint that follows an erasure must not find one of these under way, or
 * it could not empty the log. Thread-safe.
 */
final class WalCheckpointer implements AutoCloseable {
    /**
     * When the log is copied back: after {@code commits} commits, or {@code idle} after the first
     * commit since the last checkpoint, whichever comes first.
     */
    record Pace(int commits, Duration idle) {
        /** About SQLite's own 1,000 pages at the five pages a person's turn writes. */
        static final Pace DEFAULT = new Pace(200, Duration.ofSeconds(30));

        Pace {
            if (commits < 1) {
                throw new IllegalArgumentException("commits must be positive: " + commits);
            }
            Objects.requireNonNull(idle, "idle");
        }
    }

    /** The database connection's own checkpoint threshold, in pages: for writes that never pause. */
    static final int BACKSTOP_PAGES = 4_000;
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int PASSES = 3;

    private final Path file;
    private final Pace pace;
    private final Connection connection;
    private final Thread thread;
    /** Held by whoever checkpoints: this checkpointer, or the database's connection for a truncation. */
    final ReentrantLock turns = new ReentrantLock();
    private final ReentrantLock state = new ReentrantLock();
    /** Signalled when a checkpoint may be due, or closing. */
    private final Condition due = state.newCondition();
    /** Signalled when a checkpoint has run. */
    private final Condition ran = state.newCondition();
    /** Commits since the last checkpoint began. Guarded by state. */
    private int committed;
    /** Guarded by state. */
    private boolean closing;
    /** Checkpoints that ran to their end, for tests. Guarded by state. */
    private long done;
    /** Whether the last checkpoint failed, so a failing one is said once. Only on the thread. */
    private boolean failing;

    private WalCheckpointer(Path file, Pace pace, Connection connection) {
        this.file = file;
        this.pace = pace;
        this.connection = connection;
        this.thread = DaemonThreads.named("afterglow-sqlite-checkpoint").newThread(this::loop);
    }

    /**
     * Starts copying back the log of the database {@code file}, which exists and is in WAL mode.
     *
     * @throws StorageException if the second connection cannot be opened
     */
    static WalCheckpointer start(Path file, Pace pace) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pace, "pace");
        Connection connection;
        try {
            connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StorageException("Could not open a second connection to " + file + " for checkpoints", e);
        }
        WalCheckpointer checkpointer = new WalCheckpointer(file, pace, connection);
        checkpointer.thread.start();
        return checkpointer;
    }

    /** Counts a commit of the database's connection; never blocks on a checkpoint. */
    void committed() {
        state.lock();
        try {
            committed++;
            if (committed == 1 || committed >= pace.commits()) {
                due.signal();
            }
        } finally {
            state.unlock();
        }
    }

    private void loop() {
        while (awaitDue()) {
            turns.lock();
            try {
                checkpoint();
            } finally {
                turns.unlock();
            }
            state.lock();
            try {
                done++;
                ran.signalAll();
            } finally {
                state.unlock();
            }
        }
    }

    /**
     * Waits until a checkpoint is due: enough commits, or the first commit since the last one
     * {@link Pace#idle} ago. False once closing.
     */
    private boolean awaitDue() {
        state.lock();
        try {
            long idleLeft = pace.idle().toNanos();
            while (!closing && committed < pace.commits() && (committed == 0 || idleLeft > 0)) {
                if (committed == 0) {
                    due.await();
                    idleLeft = pace.idle().toNanos();
                } else {
                    idleLeft = due.awaitNanos(idleLeft);
                }
            }
            committed = 0;
            return !closing;
        } catch (InterruptedException e) {
            return false;
        } finally {
            state.unlock();
        }
    }

    /**
     * Copies the log back; again, up to {@link #PASSES} times in all, while commits made during a
     * pass left some of it uncopied, since the log starts over only once all of it is.
     */
    private void checkpoint() {
        try (Statement statement = connection.createStatement()) {
            for (int pass = 1; pass <= PASSES; pass++) {
                try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    // Its columns: whether it was blocked, the log's frames, and how many of them are copied.
                    if (!result.next() || result.getInt(1) != 0 || result.getInt(3) >= result.getInt(2)) {
                        break;
                    }
                }
            }
            if (failing) {
                failing = false;
                log.info("Copying the write-ahead log of {} back works again", file);
            }
        } catch (SQLException | RuntimeException e) {
            // The log keeps everything until the next turn, and the connection's own checkpoint is there.
            if (!failing) {
                failing = true;
                log.warn("Copying the write-ahead log of {} back failed: {}", file, e.getMessage());
            }
        }
    }

    /** Waits up to {@code timeout} for {@code count} checkpoints to have run; for tests. */
    boolean awaitDone(long count, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        state.lock();
        try {
            while (done < count && left > 0) {
                left = ran.awaitNanos(left);
            }
            return done >= count;
        } finally {
            state.unlock();
        }
    }

    /** Whether its thread is still there; for tests. */
    boolean running() {
        return thread.isAlive();
    }

    /** Stops the thread, letting a checkpoint under way end, and closes the connection. Idempotent. */
    @Override
    public void close() {
        state.lock();
        try {
            closing = true;
            due.signalAll();
        } finally {
            state.unlock();
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turns.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Could not close the checkpoint connection to {}: {}", file, e.getMessage());
        } finally {
            turns.unlock();
        }
    }
}
