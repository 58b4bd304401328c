package app.afterglow.storage;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Folds the write-ahead log back into the database file on a connection and a thread of its own,
 * so that no transaction waits for it. SQLite's automatic checkpoint runs inside the commit that
 * takes the log past 1,000 pages: measured on this project's machine, that commit took 20–35 ms
 * where the others took 0.03, and the interactions queued behind it were the load benchmark's
 * slowest hundredth. Here a passive checkpoint runs every {@link #EVERY}; it never blocks the
 * writer, nor waits for it. The log starts over only when a write begins with all of it copied,
 * which writes that never pause may not allow; so once the log holds more than {@code limitPages}
 * in spite of these checkpoints, {@link #foldDue} tells the database to empty it itself, between
 * two transactions, as SQLite's own checkpoint did, but seldom and with most of it copied already.
 * A truncating checkpoint run from here instead would wait for the database's connection to end
 * its read while that connection waited for this one to let it write.
 *
 * <p>Checkpoints take turns through {@code turns}, which {@link Database#checkpointWal} holds too:
 * the truncating checkpoint that follows an erasure must not find this one under way, or it could
 * not empty the log. Thread-safe.
 */
final class WalCheckpointer implements AutoCloseable {
    /** How often the log is folded back. */
    static final Duration EVERY = Duration.ofSeconds(1);
    /** Four times SQLite's own threshold: about 16 MB of log. */
    static final int LIMIT_PAGES = 4_000;
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    private static final int BUSY_TIMEOUT_MILLIS = 5000;

    private final Path file;
    private final ReentrantLock turns;
    private final int limitPages;
    private final Connection connection;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean foldDue = new AtomicBoolean();
    /** Guarded by turns. */
    private boolean closed;
    /** Whether the last turn failed. Guarded by turns. */
    private boolean failing;

    private WalCheckpointer(Path file, ReentrantLock turns, int limitPages, Connection connection) {
        this.file = file;
        this.turns = turns;
        this.limitPages = limitPages;
        this.connection = connection;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "afterglow-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts folding back the log of the database {@code file}, whose own connection must have
     * SQLite's automatic checkpoint turned off.
     *
     * @throws StorageException if the second connection cannot be opened
     */
    static WalCheckpointer start(Path file, ReentrantLock turns, Duration every, int limitPages) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(turns, "turns");
        Connection connection;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            connection = config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StorageException("Could not open a second connection to " + file + " for checkpoints", e);
        }
        WalCheckpointer checkpointer = new WalCheckpointer(file, turns, limitPages, connection);
        checkpointer.thread.scheduleWithFixedDelay(checkpointer::fold, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    private void fold() {
        turns.lock();
        try {
            if (closed) {
                return;
            }
            if (checkpoint() > limitPages) {
                foldDue.set(true);
            }
            if (failing) {
                failing = false;
                log.info("Folding back the write-ahead log of {} works again", file);
            }
        } catch (SQLException | RuntimeException e) {
            // Left for the next turn (the log keeps everything until then), and said once, not every turn.
            if (!failing) {
                failing = true;
                log.warn("Folding back the write-ahead log of {} failed: {}", file, e.getMessage());
            }
        } finally {
            turns.unlock();
        }
    }

    /** Runs a passive checkpoint; returns how many pages the log holds, copied or not. */
    private int checkpoint() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return result.next() ? Math.max(0, result.getInt(2)) : 0;
        }
    }

    /** Whether the log has grown past the limit since this was last asked; asking clears it. */
    boolean foldDue() {
        return foldDue.getAndSet(false);
    }

    /** Stops the thread, waiting for a checkpoint under way, and closes the connection. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(BUSY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("A checkpoint of {} was still running at close", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turns.lock();
        try {
            closed = true;
            connection.close();
        } catch (SQLException e) {
            log.warn("Could not close the checkpoint connection to {}: {}", file, e.getMessage());
        } finally {
            turns.unlock();
        }
    }
}
