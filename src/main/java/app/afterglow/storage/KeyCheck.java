package app.afterglow.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A known value sealed with the data key and kept in {@code meta}, so that a wrong key is caught
 * at start-up with a clear message, instead of later as unreadable answers.
 */
final class KeyCheck {
    private static final String NAME = "key_check";
    private static final String CONTEXT = "meta." + NAME;
    private static final byte[] KNOWN = "afterglow data key check, version 1".getBytes(StandardCharsets.US_ASCII);

    private final Sql sql;

    KeyCheck(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /** Whether data was ever sealed in this database. Inside a transaction. */
    boolean present() {
        return sql.one("SELECT 1 FROM meta WHERE name = ?", row -> true, NAME).isPresent();
    }

    /**
     * Verifies the key against the stored check value, or stores one on first use. Inside a
     * transaction.
     *
     * @throws StorageException if the key is not the one this database was sealed with
     */
    void verifyOrStore(Encryptor encryptor, DataKey key, Path databaseFile) {
        var stored = sql.one("SELECT value FROM meta WHERE name = ?", row -> row.getBytes(1), NAME);
        if (stored.isEmpty()) {
            sql.update("INSERT INTO meta (name, value) VALUES (?, ?)", NAME, encryptor.seal(KNOWN, CONTEXT));
            return;
        }
        if (!opensWith(encryptor, stored.get())) {
            throw new StorageException("The data key does not match this database (" + databaseFile + "): the key"
                    + " came from " + key.origin() + ". Afterglow needs the key the database was created with;"
                    + " without it the stored answers cannot be read.");
        }
    }

    /** Whether the stored check value opens with {@code encryptor}'s key; false when there is none. Inside a transaction. */
    boolean opensWith(Encryptor encryptor) {
        return sql.one("SELECT value FROM meta WHERE name = ?", row -> row.getBytes(1), NAME)
                .map(stored -> opensWith(encryptor, stored)).orElse(false);
    }

    /** Stores the check value sealed with {@code encryptor}'s key, in place of any other. Inside a transaction. */
    void store(Encryptor encryptor) {
        sql.update("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                NAME, encryptor.seal(KNOWN, CONTEXT));
    }

    private static boolean opensWith(Encryptor encryptor, byte[] stored) {
        try {
            return Arrays.equals(encryptor.open(stored, CONTEXT), KNOWN);
        } catch (StorageException e) {
            return false;
        }
    }
}
