package app.afterglow.storage;

import app.afterglow.core.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The SQLite database file {@code <dataDir>/afterglow.db}: one connection, its pragmas, the
 * schema migrations, and transactions; a second connection, the {@link WalCheckpointer}'s, only
 * copies the write-ahead log back into the file.
 *
 * <p>Threading: every use of the connection happens under one lock, so calls from any number of
 * threads are serialised; a thread waits while another one's transaction runs, and a transaction
 * ahead (a person's input) waits only for that one, as others waiting to begin give way to it. A
 * call to {@link #inTransaction} made inside another on the same thread joins it, through a
 * savepoint: its work commits only with the outer transaction, and if it throws, only its own work
 * is undone before the exception reaches the outer code.
 *
 * <p>Lifecycle: {@link #open} applies pending migrations before returning; {@link #close} may be
 * called once everything is done with the database, after which every call fails.
 */
public final class Database implements Transactions, AutoCloseable {
    /** The database's file name inside the data directory; SQLite keeps {@code -wal} and {@code -shm} beside it. */
    public static final String FILE_NAME = "afterglow.db";

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int BUSY_TIMEOUT_MILLIS = 5000;
    /**
     * The most a transaction gives way to transactions ahead before it begins anyway: a person's
     * turn takes a millisecond or two, and in the load benchmark with no pause answers follow each
     * other with about as long between them.
     */
    private static final long GIVE_WAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path file;
    private final Connection connection;
    private final WalCheckpointer checkpointer;
    /** Whether this open made the file: nothing, not even a write-ahead log, was there before. */
    private final boolean madeNow;
    /**
     * Fair, so whoever has waited longest goes next: the ticker runs due jobs a few milliseconds to
     * a commit, one commit after another, and with a lock that lets a thread take it again at once
     * someone's answer waited for all of them (2.5 s behind 9,838 reminders in the scale run).
     */
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Transactions ahead ({@link #inTransactionAhead}) waiting for the lock. */
    private final AtomicInteger aheadWaiting = new AtomicInteger();
    /** Signalled, under the lock, when a transaction ahead ends and none is waiting. */
    private final Condition noneAhead = lock.newCondition();
    /** Transactions open on the lock-holding thread: 0 outside, 1 in the outer one. Guarded by lock. */
    private int depth;
    /** Set by an erase, so the WAL is emptied once the erase is committed. Guarded by lock. */
    private boolean checkpointAfterCommit;
    /** Guarded by lock. */
    private boolean closed;
    /** How many transactions and nested ones have been rolled back since the database opened. Guarded by lock. */
    private long undone;
    /** Guarded by lock. */
    private final KeptStatements statements;
    /** Run after each outer commit; see {@link #afterEachCommit}. */
    private final List<Runnable> afterEachCommit = new CopyOnWriteArrayList<>();

    private Database(Path file, Connection connection, WalCheckpointer checkpointer, boolean madeNow) {
        this.file = file;
        this.connection = connection;
        this.checkpointer = checkpointer;
        this.madeNow = madeNow;
        this.statements = new KeptStatements(connection);
    }

    /**
     * Opens (creating if needed) the database in {@code dataDir}, which is created if missing,
     * and brings its schema up to date. This is the SQL side only: {@link SqliteStorage#open}
     * adds the data key and the stores, and is what the application uses.
     *
     * @throws StorageException if the file cannot be opened, a migration fails, or the database
     *                          was written by a newer Afterglow than this one
     */
    public static Database open(Path dataDir) {
        return open(dataDir, WalCheckpointer.Pace.DEFAULT);
    }

    /** {@link #open(Path)}, with the write-ahead log copied back at {@code checkpoints}. */
    static Database open(Path dataDir, WalCheckpointer.Pace checkpoints) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            if (!Files.isDirectory(dataDir)) {
                createPrivately(dataDir);
            }
        } catch (IOException e) {
            throw new StorageException("Could not create the data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(FILE_NAME);
        // A log left without its database would be read into the new file: that file is not new.
        boolean madeNow = !Files.exists(file) && !Files.exists(dataDir.resolve(FILE_NAME + "-wal"));
        // From the data dir, as the bot's start loads it, for rotate-key too.
        if (!SqliteLibrary.load(dataDir)) {
            throw new StorageException(SqliteLibrary.NOT_LOADED);
        }
        Connection connection;
        try {
            SQLiteConfig config = new SQLiteConfig();
            // Ids come back through RETURNING; left on, the driver matches every update's text against a
            // pattern and prepares and runs SELECT last_insert_rowid() after every insert (half an insert's cost).
            config.setGetGeneratedKeys(false);
            // Every transaction takes the write lock as it begins, waiting up to the busy timeout for it.
            // Begun as a read, a transaction that then writes fails at once with SQLITE_BUSY if another
            // connection holds the lock at that moment, busy timeout or not; the checkpointer's
            // connection takes it for a moment now and then (a size-100 build lost answers so, under
            // load). Writes here are one at a time anyway, so nothing waits longer.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            connection = config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StorageException("Could not open the database " + file, e);
        }
        WalCheckpointer checkpointer;
        try {
            configure(connection, file);
            Migrations migrations = Migrations.bundled();
            if (!(madeNow && migrations.createAtLatest(connection, file))) {
                migrations.apply(connection, file, Optional.empty());
            }
            checkpointer = WalCheckpointer.start(file, checkpoints);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e instanceof StorageException se ? se
                    : new StorageException("Could not prepare the database " + file, e);
        }
        return new Database(file, connection, checkpointer, madeNow);
    }

    /**
     * A new data directory is the owner's alone (rwx------): the database names people even
     * where their words are sealed. An existing directory is left as the host set it up.
     */
    static void createPrivately(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void configure(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                    throw new StorageException("The database " + file + " could not be switched to WAL journaling");
                }
            }
            statement.execute("PRAGMA foreign_keys = ON");
            // Deleted rows are overwritten with zeros, so an erased person leaves no readable trace.
            statement.execute("PRAGMA secure_delete = ON");
            statement.execute("PRAGMA synchronous = NORMAL");
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            // The WalCheckpointer copies the log back, off this connection's commits.
            statement.execute("PRAGMA wal_autocheckpoint = " + WalCheckpointer.BACKSTOP_PAGES);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StorageException      if SQLite fails to begin or commit; the work's own exceptions
     *                               pass through unchanged after the rollback
     * @throws IllegalStateException if the database is closed
     */
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return run(work, false);
    }

    /** {@inheritDoc} A call made inside another transaction on the same thread joins it, as with {@link #inTransaction}. */
    @Override
    public <T> T inTransactionAhead(Supplier<T> work) {
        return run(work, true);
    }

    private <T> T run(Supplier<T> work, boolean ahead) {
        Objects.requireNonNull(work, "work");
        boolean outermost = !lock.isHeldByCurrentThread();
        if (outermost && ahead) {
            aheadWaiting.incrementAndGet();
            try {
                lock.lock();
            } finally {
                aheadWaiting.decrementAndGet();
            }
        } else {
            lock.lock();
        }
        try {
            if (outermost && !ahead) {
                giveWay();
            }
            requireOpen();
            if (depth > 0) {
                depth++;
                try {
                    return nested(work);
                } finally {
                    depth--;
                }
            }
            depth = 1;
            T result;
            try {
                result = outer(work);
            } finally {
                depth = 0;
            }
            if (checkpointAfterCommit) {
                checkpointAfterCommit = false;
                checkpointAfterErase();
            }
            return result;
        } finally {
            if (outermost && ahead && aheadWaiting.get() == 0) {
                noneAhead.signalAll();
            }
            lock.unlock();
        }
    }

    /**
     * Lets transactions ahead that wait to begin go first: the lock is fair, so they may be queued
     * behind this one and others like it. Bounded, so that answers coming back to back never hold
     * deliveries and due jobs back for long.
     */
    private void giveWay() {
        long left = GIVE_WAY_NANOS;
        while (aheadWaiting.get() > 0 && left > 0) {
            try {
                left = noneAhead.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private <T> T outer(Supplier<T> work) {
        boolean committed = false;
        try {
            connection.setAutoCommit(false);
            T result = work.get();
            connection.commit();
            committed = true;
            checkpointer.committed();
            afterEachCommit.forEach(Runnable::run);
            return result;
        } catch (SQLException e) {
            throw new StorageException("A transaction on " + file + " could not begin or commit", e);
        } finally {
            if (!committed) {
                undone++;
                rollbackQuietly();
                checkpointAfterCommit = false;
            }
            restoreAutoCommit();
        }
    }

    /**
     * The erase is committed either way; if the checkpoint fails here, SQLite's own checkpoints
     * and the one on close still fold the log back, so this is reported rather than thrown.
     */
    private void checkpointAfterErase() {
        try {
            checkpointWal();
        } catch (StorageException e) {
            log.error("WAL checkpoint after an erase failed on {}", file, e);
        }
    }

    private <T> T nested(Supplier<T> work) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new StorageException("Could not open a nested transaction on " + file, e);
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            undone++;
            try {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new StorageException("Could not close a nested transaction on " + file, e);
        }
        return result;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("Rollback on {} failed", file, e);
        }
    }

    private void restoreAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.warn("Could not leave transaction mode on {}", file, e);
        }
    }

    /**
     * Copies everything in the write-ahead log into the database file and truncates the log to
     * zero bytes, so that pages holding erased rows do not linger in {@code afterglow.db-wal}.
     * Runs by itself after a transaction that erased a person; may also be called directly, but
     * not from inside a transaction.
     *
     * @throws IllegalStateException if called inside a transaction
     * @throws StorageException      if the checkpoint could not complete
     */
    public void checkpointWal() {
        lock.lock();
        checkpointer.turns.lock();
        try {
            requireOpen();
            if (depth > 0) {
                throw new IllegalStateException("the WAL cannot be checkpointed inside a transaction");
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (!result.next() || result.getInt(1) != 0) {
                    throw new StorageException("The WAL checkpoint on " + file + " could not complete");
                }
            }
            log.debug("WAL of {} checkpointed and truncated", file);
        } catch (SQLException e) {
            throw new StorageException("Could not checkpoint the WAL of " + file, e);
        } finally {
            checkpointer.turns.unlock();
            lock.unlock();
        }
    }

    /**
     * Rebuilds the database file from its live rows ({@code VACUUM}) and then empties the WAL, so
     * that no page of an earlier version of any row is left in either file. Not from inside a
     * transaction.
     *
     * @throws IllegalStateException if called inside a transaction
     * @throws StorageException      if SQLite fails
     */
    public void vacuum() {
        lock.lock();
        try {
            requireOpen();
            if (depth > 0) {
                throw new IllegalStateException("the database cannot be vacuumed inside a transaction");
            }
            statements.closeAll();
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM");
            }
        } catch (SQLException e) {
            throw new StorageException("Could not VACUUM " + file, e);
        } finally {
            lock.unlock();
        }
        checkpointWal();
    }

    /**
     * Applies the migrations that need the data key, which {@link #open} left, then rebuilds the
     * file if one of them (now or in a run that was interrupted before this point) took plaintext
     * out of the rows, so none of it is left in free pages or the WAL; a file that this open made
     * never held any, and is left as it is. Not from inside a transaction.
     *
     * @throws StorageException if a migration fails; it has then changed nothing
     */
    void migrate(Migrations.Sealing sealing) {
        lock.lock();
        try {
            requireOpen();
            if (depth > 0) {
                throw new IllegalStateException("the database cannot be migrated inside a transaction");
            }
            Migrations.bundled().apply(connection, file, Optional.of(sealing));
        } catch (SQLException e) {
            throw new StorageException("Could not migrate " + file, e);
        } finally {
            lock.unlock();
        }
        Sql sql = new Sql(this);
        if (inTransaction(() -> sql.one("SELECT 1 FROM meta WHERE name = ?", row -> true, Migrations.VACUUM_DUE))
                .isEmpty()) {
            return;
        }
        if (madeNow) {
            // The migrations ran on empty tables: there is no plaintext to rebuild the file without.
            run(() -> sql.update("DELETE FROM meta WHERE name = ?", Migrations.VACUUM_DUE));
        } else {
            vacuum();
            run(() -> sql.update("DELETE FROM meta WHERE name = ?", Migrations.VACUUM_DUE));
            checkpointWal();
            log.info("Database {} rebuilt without the plaintext a migration took out", file);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
    }

    /**
     * Runs {@code action} after every outer commit, on the committing thread, still under the lock
     * and inside the transaction as far as {@link #undone} is concerned: for a store to let go of
     * what it kept in case the transaction was undone. It must not throw.
     */
    void afterEachCommit(Runnable action) {
        afterEachCommit.add(Objects.requireNonNull(action, "action"));
    }

    /** What copies the write-ahead log back; for tests. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** Asks for a WAL checkpoint once the current transaction has committed. */
    void checkpointAfterCommit() {
        requireTransaction();
        checkpointAfterCommit = true;
    }

    /**
     * The connection, for the stores. Only inside a transaction on the calling thread, which is
     * what keeps other threads away from it.
     */
    Connection connection() {
        requireTransaction();
        return connection;
    }

    /**
     * A prepared statement for {@code sql}, kept from an earlier use when there is one; give it
     * back with {@link #giveBack} once its results are read. Only inside a transaction on the
     * calling thread.
     */
    PreparedStatement lend(String sql) throws SQLException {
        requireTransaction();
        return statements.lend(sql);
    }

    /** Takes back a statement from {@link #lend}; {@code failed} if running it threw. */
    void giveBack(String sql, PreparedStatement statement, boolean failed) {
        requireTransaction();
        statements.giveBack(sql, statement, failed);
    }

    /**
     * How many transactions, outer or nested, were rolled back so far: what a store keeps in
     * memory from its own writes may be wrong once this has moved. Only inside a transaction on
     * the calling thread.
     */
    long undone() {
        requireTransaction();
        return undone;
    }

    private void requireTransaction() {
        if (!lock.isHeldByCurrentThread() || depth == 0) {
            throw new IllegalStateException("stores may be used only inside Transactions.inTransaction");
        }
    }

    /** Closes the connection; SQLite then folds the WAL back into the database file. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            statements.closeAll();
            // First, so that this connection is the last and SQLite folds the log back as it closes.
            checkpointer.close();
            connection.close();
            log.info("Database {} closed", file);
        } catch (SQLException e) {
            throw new StorageException("Could not close the database " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
