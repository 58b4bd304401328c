package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code rotate-key}: every sealed value re-sealed under a new data key, with the bot stopped.
 *
 * <p>Resumable: the new key is first kept in {@code meta}, sealed under the old one, so a run
 * that is interrupted (killed, power lost) is finished by running it again with the old key. Rows
 * are re-sealed in batches, a transaction each; a value that already opens with the new key is
 * left as it is, so nothing is done twice and nothing is skipped. Until the rotation finishes the
 * bot refuses to start ({@link #refuseIfUnderway}), since the database then holds values under
 * both keys. Adapter state is re-sealed row by row with its lookup computed again from its sealed
 * key, and every person's blind index ({@code person.lookup}) is computed again under a key
 * derived from the new one, since the old lookups would no longer find anything. Seen events are
 * forgotten instead: their keys are not kept, so their lookups cannot follow (an event seen before
 * the rotation and delivered again after it is handled again). The key check value goes over to
 * the new key last, in the same transaction that drops the kept new key and the seen events.
 *
 * <p>Where the key lives: a key file gets the new key — written to {@code afterglow.key.new}
 * before the database goes over to it, renamed over {@code afterglow.key} after — so at every
 * moment a key that opens the database is on disk. A key given by {@code AFTERGLOW_DATA_KEY} or
 * the config is not written anywhere: the new one is handed to the caller to show, before any row
 * changes and again on every resumed run.
 *
 * <p>At the end the database is vacuumed and the WAL emptied, so no value sealed under the old
 * key is left in either file.
 */
public final class KeyRotation {
    static final String UNDERWAY = "key_rotation";
    static final int BATCH = 200;

    private static final String UNDERWAY_CONTEXT = "meta." + UNDERWAY;
    private static final String GIVEN_KEY_ORIGIN = "the data key given to Afterglow (AFTERGLOW_DATA_KEY or the config)";
    private static final String NEW_KEY_ORIGIN = "the new data key";

    /** What a rotation reports as it goes. */
    public interface Progress {
        /**
         * The new key, which the caller must give Afterglow from now on, since the old one was
         * given too: called before any value is re-sealed.
         */
        void newKeyToGive(String base64Key);

        /** {@code values} sealed values have been gone through so far, and committed. */
        void resealed(long values);
    }

    /**
     * The outcome.
     *
     * @param values       how many sealed values this run re-sealed
     * @param newKeyToGive the new key, when it was not written to a key file
     * @param keyFile      the key file now holding the new key, when there is one
     */
    public record Rotated(long values, Optional<String> newKeyToGive, Optional<Path> keyFile) {
    }

    private final Database database;
    private final Sql sql;
    private final KeyCheck check;
    private final Path dataDir;
    private final Optional<String> givenKey;
    private final SecureRandom random;
    private final int batch;
    private final Progress progress;

    private KeyRotation(Database database, Path dataDir, Optional<String> givenKey, int batch, Progress progress) {
        this.database = database;
        this.sql = new Sql(database);
        this.check = new KeyCheck(sql);
        this.dataDir = dataDir;
        this.givenKey = givenKey;
        this.random = new SecureRandom();
        this.batch = batch;
        this.progress = progress;
    }

    /**
     * Rotates the data key of the database in {@code dataDir}, or finishes a rotation that was
     * interrupted. Takes the data directory's lock, so it refuses to run while a bot runs there.
     *
     * @param base64Key the key as the bot is given it (AFTERGLOW_DATA_KEY or the config), or empty
     *                  for the key file
     * @throws StorageException if a bot holds the data directory, there is no database, the key
     *                          does not open it, or reading or writing fails
     */
    public static Rotated rotate(Path dataDir, Optional<String> base64Key, Progress progress) {
        return rotate(dataDir, base64Key, progress, BATCH);
    }

    @SuppressWarnings("try") // the lock is held, not used, for as long as the rotation runs
    static Rotated rotate(Path dataDir, Optional<String> base64Key, Progress progress, int batch) {
        Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        Objects.requireNonNull(base64Key, "base64Key");
        Objects.requireNonNull(progress, "progress");
        if (!Files.isRegularFile(dir.resolve(Database.FILE_NAME))) {
            throw new StorageException("There is no database to re-key at " + dir.resolve(Database.FILE_NAME)
                    + ": check data.dir (AFTERGLOW_DATA_DIR).");
        }
        try (DataDirLock lock = DataDirLock.acquire(dir); Database database = Database.open(dir)) {
            return new KeyRotation(database, dir, base64Key, batch, progress).run();
        }
    }

    /**
     * Stops a bot from starting on a database whose rotation has not finished.
     *
     * @throws StorageException if one is under way
     */
    static void refuseIfUnderway(Database database, Path dataDir) {
        boolean underway = database.inTransaction(() -> new Sql(database)
                .one("SELECT 1 FROM meta WHERE name = ?", row -> true, UNDERWAY).isPresent());
        if (underway || KeyFile.pending(dataDir).exists()) {
            throw new StorageException("A change of the data key (rotate-key) on " + dataDir + " did not finish, so"
                    + " the database holds values under two keys: run `java -jar afterglow.jar rotate-key` again, with"
                    + " the key as it was before, to finish it. The bot cannot start until then.");
        }
    }

    private Rotated run() {
        KeyFile keyFile = new KeyFile(dataDir);
        KeyFile pending = KeyFile.pending(dataDir);
        DataKey current = givenKey.isPresent() ? DataKey.fromBase64(givenKey.get(), GIVEN_KEY_ORIGIN) : readKeyFile(keyFile);
        Encryptor old = new Encryptor(current, random);
        Optional<byte[]> kept = database.inTransaction(() ->
                sql.one("SELECT value FROM meta WHERE name = ?", row -> row.getBytes(1), UNDERWAY));
        if (kept.isEmpty() && givenKey.isEmpty() && pending.exists()) {
            DataKey next = pending.read();
            if (database.inTransaction(() -> check.opensWith(new Encryptor(next, random)))) {
                // Interrupted after the database went over to the new key: only the rename was left.
                pending.replace(keyFile);
                database.vacuum();
                return new Rotated(0, Optional.empty(), Optional.of(keyFile.path()));
            }
        }
        DataKey next = kept.isPresent() ? keptKey(old, kept.get(), current) : begin(old, current);
        // A database from an older version is brought up to date under the key it has, so that
        // what a migration seals is re-sealed with the rest.
        database.migrate(new Migrations.Sealing(old, new BlindIndex(current), new StateLookup(current),
                new TimeBucket(random), () -> {
        }));
        givenKey.ifPresent(given -> progress.newKeyToGive(next.toBase64()));
        Encryptor fresh = new Encryptor(next, random);
        long values = rekeyAdapterState(old, fresh, new StateLookup(next), resealAll(old, fresh));
        reindexPeople(fresh, new BlindIndex(next));
        if (givenKey.isEmpty()) {
            pending.write(next);
        }
        database.run(() -> {
            check.store(fresh);
            // Their lookups cannot follow the key, as their keys are not kept; none would be found again.
            sql.update("DELETE FROM seen_event");
            sql.update("DELETE FROM meta WHERE name = ?", UNDERWAY);
        });
        if (givenKey.isEmpty()) {
            pending.replace(keyFile);
        }
        database.vacuum();
        return new Rotated(values, givenKey.map(given -> next.toBase64()),
                givenKey.isPresent() ? Optional.empty() : Optional.of(keyFile.path()));
    }

    private DataKey readKeyFile(KeyFile keyFile) {
        if (!keyFile.exists()) {
            throw new StorageException("No data key was found to rotate: neither the key file " + keyFile.path()
                    + " nor AFTERGLOW_DATA_KEY.");
        }
        return keyFile.read();
    }

    /** Checks the current key, then keeps a new one in the database, sealed under the current one. */
    private DataKey begin(Encryptor old, DataKey current) {
        DataKey next = DataKey.generate(random, NEW_KEY_ORIGIN);
        database.run(() -> {
            check.verifyOrStore(old, current, database.file());
            sql.update("INSERT INTO meta (name, value) VALUES (?, ?)", UNDERWAY,
                    old.seal(next.toBase64().getBytes(StandardCharsets.US_ASCII), UNDERWAY_CONTEXT));
        });
        return next;
    }

    private DataKey keptKey(Encryptor old, byte[] kept, DataKey current) {
        byte[] text;
        try {
            text = old.open(kept, UNDERWAY_CONTEXT);
        } catch (StorageException e) {
            throw new StorageException("The interrupted change of the data key on " + database.file() + " was begun with"
                    + " another key than " + current.origin() + ": run rotate-key again with the key the database had"
                    + " before.");
        }
        return DataKey.fromBase64(new String(text, StandardCharsets.US_ASCII), NEW_KEY_ORIGIN);
    }

    /**
     * One sealed column: a page of its rows after a rowid, each row's context, and how a row is
     * updated. Pages go by rowid, which every table here has, whatever its primary key. A column
     * of times is re-sealed as {@link SealedTimes} seals times now, whatever form it was in.
     */
    private record Column(String select, Sql.RowMapper<Row> row, String update, boolean times) {
        Column(String select, Sql.RowMapper<Row> row, String update) {
            this(select, row, update, false);
        }

        static Column ofTimes(String select, Sql.RowMapper<Row> row, String update) {
            return new Column(select, row, update, true);
        }
    }

    private record Row(long rowid, String context, byte[] sealed) {
    }

    /**
     * In a holder of its own: every start of the bot checks for a rotation left unfinished
     * ({@link #refuseIfUnderway}), and the table's lambdas, each spun into a class as it is
     * made, would be on that start's way for nothing.
     */
    private static final class Columns {
        static final List<Column> ALL = List.of(
                new Column(
                        "SELECT rowid, checkin_id, person_id, progress FROM participation WHERE rowid > ? ORDER BY rowid LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteCheckinStore.context(row.getLong(2), new PersonId(row.getLong(3))),
                                row.getBytes(4)),
                        "UPDATE participation SET progress = ? WHERE rowid = ?"),
                new Column(
                        "SELECT id, person_id, message FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteOutbox.context(row.getLong(1), new PersonId(row.getLong(2))),
                                row.getBytes(3)),
                        "UPDATE outbox SET message = ? WHERE id = ?"),
                new Column(
                        "SELECT id, profile FROM person WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), PersonProfile.context(row.getLong(1)), row.getBytes(2)),
                        "UPDATE person SET profile = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, started FROM session WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteSessionStore.startedContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE session SET started = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, ended FROM session WHERE id > ? AND ended IS NOT NULL ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteSessionStore.endedContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE session SET ended = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, created FROM checkin WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteCheckinStore.createdContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE checkin SET created = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, expires FROM checkin WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteCheckinStore.expiresContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE checkin SET expires = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT rowid, checkin_id, person_id, submitted FROM participation"
                                + " WHERE rowid > ? AND submitted IS NOT NULL ORDER BY rowid LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteCheckinStore.submittedContext(row.getLong(2),
                                new PersonId(row.getLong(3))), row.getBytes(4)),
                        "UPDATE participation SET submitted = ? WHERE rowid = ?"),
                Column.ofTimes(
                        "SELECT id, due FROM job WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteJobStore.context(row.getLong(1)), row.getBytes(2)),
                        "UPDATE job SET due = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, due FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteOutbox.dueContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE outbox SET due = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, first_failed FROM outbox WHERE id > ? AND first_failed IS NOT NULL ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqliteOutbox.firstFailedContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE outbox SET first_failed = ? WHERE id = ?"),
                Column.ofTimes(
                        "SELECT id, created FROM partnership WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Row(row.getLong(1), SqlitePartnershipStore.createdContext(row.getLong(1)), row.getBytes(2)),
                        "UPDATE partnership SET created = ? WHERE id = ?"));
    }

    /** Goes through every value of every sealed column, a batch per transaction; returns how many. */
    private long resealAll(Encryptor old, Encryptor fresh) {
        long done = 0;
        for (Column column : Columns.ALL) {
            long after = 0;
            while (true) {
                long cursor = after;
                List<Row> rows = database.inTransaction(() -> {
                    List<Row> page = sql.list(column.select(), column.row(), cursor, batch);
                    for (Row row : page) {
                        reseal(row, column.times(), old, fresh).ifPresent(sealed -> sql.update(column.update(), sealed, row.rowid()));
                    }
                    return page;
                });
                if (rows.isEmpty()) {
                    break;
                }
                after = rows.get(rows.size() - 1).rowid();
                done += rows.size();
                progress.resealed(done);
            }
        }
        return done;
    }

    private record State(long id, String namespace, byte[] name, byte[] value) {
    }

    /**
     * Re-seals each adapter value and its sealed key, and computes its lookup under the new key,
     * all three in one statement: a row whose key opens with the new key is done. The value's
     * context needs the key, so this cannot be one of the {@link Columns#ALL}. Returns {@code done}
     * plus the values gone through.
     */
    private long rekeyAdapterState(Encryptor old, Encryptor fresh, StateLookup lookups, long done) {
        long after = 0;
        long total = done;
        while (true) {
            long cursor = after;
            List<State> rows = database.inTransaction(() -> {
                List<State> page = sql.list("SELECT id, namespace, name, value FROM adapter_state WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new State(row.getLong(1), row.getString(2), row.getBytes(3), row.getBytes(4)), cursor, batch);
                for (State state : page) {
                    if (opens(fresh, state.name(), SqliteAdapterState.nameContext(state.namespace(), state.id()))) {
                        continue;
                    }
                    String key = SqliteAdapterState.openName(state.namespace(), state.name(), state.id(), old);
                    String context = SqliteAdapterState.context(state.namespace(), key);
                    sql.update("UPDATE adapter_state SET lookup = ?, name = ?, value = ? WHERE id = ?",
                            lookups.adapterState(state.namespace(), key),
                            SqliteAdapterState.sealName(state.namespace(), key, state.id(), fresh),
                            fresh.seal(old.open(state.value(), context), context), state.id());
                }
                return page;
            });
            if (rows.isEmpty()) {
                return total;
            }
            after = rows.get(rows.size() - 1).id();
            total += 2L * rows.size();
            progress.resealed(total);
        }
    }

    private static boolean opens(Encryptor encryptor, byte[] sealed, String context) {
        try {
            encryptor.open(sealed, context);
            return true;
        } catch (StorageException notThisKey) {
            return false;
        }
    }

    private record Person(long id, Platform platform, String platformUserId) {
    }

    /**
     * Computes every person's blind index under the new key, from their profile, which is sealed
     * under the new key by now. Doing it again gives the same values, so a resumed run simply
     * goes through them all once more.
     */
    private void reindexPeople(Encryptor fresh, BlindIndex index) {
        long after = 0;
        while (true) {
            long cursor = after;
            List<Long> ids = database.inTransaction(() -> {
                List<Person> page = sql.list("SELECT id, platform, profile FROM person WHERE id > ? ORDER BY id LIMIT ?",
                        row -> new Person(row.getLong(1), Platform.valueOf(row.getString(2)),
                                PersonProfile.open(row.getLong(1), row.getBytes(3), fresh).platformUserId()),
                        cursor, batch);
                for (Person person : page) {
                    sql.update("UPDATE person SET lookup = ? WHERE id = ?",
                            index.of(person.platform(), person.platformUserId()), person.id());
                }
                return page.stream().map(Person::id).toList();
            });
            if (ids.isEmpty()) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    /** The value sealed under the new key; empty when it already is (an earlier run got this far). */
    private static Optional<byte[]> reseal(Row row, boolean time, Encryptor old, Encryptor fresh) {
        if (opens(fresh, row.sealed(), row.context())) {
            return Optional.empty();
        }
        return Optional.of(time
                ? new SealedTimes(fresh).seal(new SealedTimes(old).open(row.sealed(), row.context()), row.context())
                : fresh.seal(old.open(row.sealed(), row.context()), row.context()));
    }
}
