package app.afterglow.storage;

import app.afterglow.core.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Afterglow's storage, ready to use: the database in a data directory, its data key checked, and
 * every store the core needs. Open it once at start-up and close it at shutdown.
 *
 * <p>Threading: the stores may be used from any thread, always inside
 * {@code stores().transactions().inTransaction(…)}; see {@link Database}.
 */
public final class SqliteStorage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteStorage.class);
    private static final String GIVEN_KEY_ORIGIN = "the data key given to Afterglow (AFTERGLOW_DATA_KEY or the config)";

    private final Database database;
    private final Stores stores;
    private final KeptOpen opened;

    private SqliteStorage(Database database, Stores stores, KeptOpen opened) {
        this.database = database;
        this.stores = stores;
        this.opened = opened;
    }

    /**
     * Loads SQLite's native library now, so that a later {@link #open} need not: loading it takes
     * a tenth of a second that can pass while Discord logs in. It is kept in {@code dataDir} if that
     * exists, and unpacked from the jar only when it is not there yet (see {@code SqliteLibrary}).
     * Safe to call from any thread, any number of times; a failure here is left for {@link #open}
     * to report. Linkage errors are caught too: a start-up that stops early (exit 2) can end the
     * JVM under this thread while the library is being loaded.
     */
    public static void preload(Path dataDir) {
        try {
            SqliteLibrary.load(dataDir);
        } catch (Exception | LinkageError e) {
            log.debug("Loading SQLite ahead of time failed; opening the database will say why: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Opens the storage in {@code dataDir}: the database {@code afterglow.db}, migrated to the
     * current schema (migrations that seal what was in clear run once the key is checked), and
     * the data key. The key is {@code base64Key} when given (then no key file
     * is read or written); otherwise the key file {@code afterglow.key} in {@code dataDir}, made
     * with owner-only permissions when a new database is created.
     *
     * @param base64Key 32 random bytes in base64, e.g. from the environment variable AFTERGLOW_DATA_KEY
     * @throws StorageException if the directory or database cannot be opened, the schema is newer
     *                          than this code, the given key is malformed, or the key does not
     *                          match the database; the message says which and where
     */
    public static SqliteStorage open(Path dataDir, Optional<String> base64Key) {
        return open(dataDir, base64Key, () -> {
        });
    }

    /** As {@link #open(Path, Optional)}, with {@code afterMigratedRow} run after each row a keyed migration converts. */
    static SqliteStorage open(Path dataDir, Optional<String> base64Key, Runnable afterMigratedRow) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(base64Key, "base64Key");
        Optional<DataKey> givenKey = base64Key.map(text -> DataKey.fromBase64(text, GIVEN_KEY_ORIGIN));
        Database database = Database.open(dataDir);
        try {
            KeyRotation.refuseIfUnderway(database, dataDir);
            SecureRandom random = new SecureRandom();
            Sql sql = new Sql(database);
            KeyCheck check = new KeyCheck(sql);
            DataKey key = givenKey.isPresent()
                    ? givenKey.get()
                    : fromKeyFile(new KeyFile(dataDir), database.inTransaction(check::present), database.file(),
                            random);
            Encryptor encryptor = new Encryptor(key, random);
            database.run(() -> check.verifyOrStore(encryptor, key, database.file()));
            Json json = new Json();
            BlindIndex index = new BlindIndex(key);
            TimeBucket buckets = new TimeBucket(random);
            SealedTimes times = new SealedTimes(encryptor);
            StateLookup lookups = new StateLookup(key);
            database.migrate(new Migrations.Sealing(encryptor, index, lookups, buckets, afterMigratedRow));
            KeptOpen opened = new KeptOpen(encryptor);
            SqliteJobStore jobs = new SqliteJobStore(sql, times, random);
            SqliteOutbox outbox = new SqliteOutbox(sql, json, encryptor, times, random, opened.profiles, opened.messages);
            // Here, while Discord is still logging in, rather than in the first tick and the first
            // delivery: those hold the database while they open every waiting time, and people's
            // answers wait for it (about two seconds for 100,000 people, see the README's scale run).
            database.run(() -> {
                jobs.openDueTimes();
                outbox.openDueTimes();
            });
            Stores stores = new Stores(database, new SqlitePersonStore(database, sql, encryptor, index, opened),
                    new SqlitePartnershipStore(sql, times),
                    new SqliteCheckinStore(database, sql, json, encryptor, times, opened.progresses),
                    new SqliteSessionStore(sql, times), jobs, outbox, new SqliteAdapterState(sql, encryptor, lookups),
                    new SqliteSeenEvents(sql, times, lookups));
            log.info("Storage open in {}", dataDir);
            return new SqliteStorage(database, stores, opened);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Where {@link #open} keeps the data key when none is given. */
    public static Path keyFile(Path dataDir) {
        return new KeyFile(dataDir).path();
    }

    /**
     * A missing key file is made only for a database that never sealed anything: for one that did,
     * a new key could not read it, and a stray file would only hide what went missing.
     */
    private static DataKey fromKeyFile(KeyFile keyFile, boolean databaseSealed, Path databaseFile,
                                       SecureRandom random) {
        if (keyFile.exists()) {
            return keyFile.read();
        }
        if (databaseSealed) {
            throw new StorageException("The database " + databaseFile + " holds encrypted data, but no data key"
                    + " was found: put back the key file " + keyFile.path() + " or set AFTERGLOW_DATA_KEY.");
        }
        return keyFile.create(random);
    }

    /** Every store, with the database as their {@code Transactions}. */
    public Stores stores() {
        return stores;
    }

    /** The database, for maintenance such as {@link Database#checkpointWal()}. */
    public Database database() {
        return database;
    }

    /** What the stores keep opened in memory, for tests to see what an erasure leaves there. */
    KeptOpen keptOpen() {
        return opened;
    }

    @Override
    public void close() {
        database.close();
    }
}
