package app.afterglow.storage;

import app.afterglow.core.store.AdapterState;

import java.util.Objects;
import java.util.Optional;

/** Adapter values in table {@code adapter_state}: plain text, as they are ids and positions, never a person's words. */
final class SqliteAdapterState implements AdapterState {
    private final Sql sql;

    SqliteAdapterState(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return sql.one("SELECT value FROM adapter_state WHERE namespace = ? AND key = ?", row -> row.getString(1),
                namespace, key);
    }

    @Override
    public void put(String namespace, String key, String value) {
        Objects.requireNonNull(value, "value");
        sql.update("""
                INSERT INTO adapter_state (namespace, key, value) VALUES (?, ?, ?)
                ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value""", namespace, key, value);
    }

    @Override
    public void remove(String namespace, String key) {
        sql.update("DELETE FROM adapter_state WHERE namespace = ? AND key = ?", namespace, key);
    }
}
