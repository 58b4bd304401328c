package app.afterglow.storage;

import app.afterglow.core.store.AdapterState;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter values in table {@code adapter_state}, sealed with the data key: some are credentials
 * (an access token kept after a password login), and sealing all of them needs no judgement.
 *
 * <p>The adapters' keys name people and rooms (plain, or as unkeyed digests anyone can compute for
 * a known Matrix id), so a row is found by its keyed {@link StateLookup} instead, and the key is
 * kept only sealed, in {@code name}, for {@code rotate-key} to compute the lookup under a new key.
 * The namespace stays in clear: it names a kind of state (the sync position, DM rooms, encryption
 * sessions), never a person.
 */
final class SqliteAdapterState implements AdapterState {
    private final Sql sql;
    private final Encryptor encryptor;
    private final StateLookup lookups;

    SqliteAdapterState(Sql sql, Encryptor encryptor, StateLookup lookups) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    @Override
    public Optional<String> get(String namespace, String key) {
        return sql.one("SELECT value FROM adapter_state WHERE lookup = ?", row -> row.getBytes(1),
                        lookups.adapterState(namespace, key))
                .map(sealed -> new String(encryptor.open(sealed, context(namespace, key)), StandardCharsets.UTF_8));
    }

    @Override
    public void put(String namespace, String key, String value) {
        Objects.requireNonNull(value, "value");
        byte[] lookup = lookups.adapterState(namespace, key);
        byte[] sealed = encryptor.seal(value.getBytes(StandardCharsets.UTF_8), context(namespace, key));
        if (sql.update("UPDATE adapter_state SET value = ? WHERE lookup = ?", sealed, lookup) == 0) {
            long id = sql.insert("INSERT INTO adapter_state (namespace, lookup, name, value) VALUES (?, ?, x'', ?)"
                    + " RETURNING id", namespace, lookup, sealed);
            sql.update("UPDATE adapter_state SET name = ? WHERE id = ?", sealName(namespace, key, id, encryptor), id);
        }
    }

    @Override
    public void remove(String namespace, String key) {
        sql.update("DELETE FROM adapter_state WHERE lookup = ?", lookups.adapterState(namespace, key));
    }

    /**
     * Binds a sealed value to its adapter's namespace and key, so one cannot be moved to another
     * key unnoticed: a row whose lookup was swapped with another's does not open.
     */
    static String context(String namespace, String key) {
        return "adapter_state:" + namespace + ":" + key;
    }

    static byte[] sealName(String namespace, String key, long id, Encryptor encryptor) {
        return encryptor.seal(key.getBytes(StandardCharsets.UTF_8), nameContext(namespace, id));
    }

    static String openName(String namespace, byte[] sealed, long id, Encryptor encryptor) {
        return new String(encryptor.open(sealed, nameContext(namespace, id)), StandardCharsets.UTF_8);
    }

    static String nameContext(String namespace, long id) {
        return "adapter_state.name in " + namespace + " of row " + id;
    }
}
