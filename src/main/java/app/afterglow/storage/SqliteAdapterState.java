package app.afterglow.storage;

import app.afterglow.core.store.AdapterState;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter values in table {@code adapter_state}, sealed with the data key: some are credentials
 * (an access token kept after a password login), and sealing all of them needs no judgement.
 */
final class SqliteAdapterState implements AdapterState {
    private final Sql sql;
    private final Encryptor encryptor;

    SqliteAdapterState(Sql sql, Encryptor encryptor) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return sql.one("SELECT value FROM adapter_state WHERE namespace = ? AND key = ?", row -> row.getBytes(1),
                namespace, key).map(sealed -> new String(encryptor.open(sealed, context(namespace, key)), StandardCharsets.UTF_8));
    }

    @Override
    public void put(String namespace, String key, String value) {
        Objects.requireNonNull(value, "value");
        byte[] sealed = encryptor.seal(value.getBytes(StandardCharsets.UTF_8), context(namespace, key));
        sql.update("""
                INSERT INTO adapter_state (namespace, key, value) VALUES (?, ?, ?)
                ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value""", namespace, key, sealed);
    }

    @Override
    public void remove(String namespace, String key) {
        sql.update("DELETE FROM adapter_state WHERE namespace = ? AND key = ?", namespace, key);
    }

    /** Binds a sealed value to its place, so one cannot be moved to another key unnoticed. */
    static String context(String namespace, String key) {
        return "adapter_state:" + namespace + ":" + key;
    }
}
