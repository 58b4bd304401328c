package app.afterglow.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Migration 11: adapter state and seen events are found by keyed lookups ({@link StateLookup}), so
 * a copy of the file cannot be asked whether it holds records for a known Matrix id or event. An
 * adapter's key is kept sealed beside its value, for {@code rotate-key}; its value, sealed for its
 * namespace and key already, is kept as it was. A seen event keeps no key and has its time sealed,
 * its id in the order it was seen so old ones are found by {@link IdOrder}. Both tables are
 * rebuilt, so their old primary keys and the index on {@code seen_at} go with them.
 *
 * <p>Its statements are written for the schema as it was at version 10, and run once.
 */
final class V11KeyAdapterStateAndSeenEvents implements Migrations.KeyedStep {
    @Override
    public void apply(Connection connection, Migrations.Sealing sealing) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    CREATE TABLE adapter_state_keyed (
                        id        INTEGER PRIMARY KEY,
                        namespace TEXT NOT NULL,
                        lookup    BLOB NOT NULL UNIQUE,
                        name      BLOB NOT NULL,
                        value     BLOB NOT NULL
                    )""");
            statement.executeUpdate("""
                    CREATE TABLE seen_event_keyed (
                        id     INTEGER PRIMARY KEY,
                        lookup BLOB NOT NULL UNIQUE,
                        seen   BLOB NOT NULL
                    )""");
        }
        SealedTimes times = new SealedTimes(sealing.encryptor());
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT namespace, key, value FROM adapter_state ORDER BY namespace, key");
             PreparedStatement write = connection.prepareStatement(
                     "INSERT INTO adapter_state_keyed (id, namespace, lookup, name, value) VALUES (?, ?, ?, ?, ?)")) {
            long id = 0;
            while (row.next()) {
                id++;
                String namespace = row.getString("namespace");
                String key = row.getString("key");
                write.setLong(1, id);
                write.setString(2, namespace);
                write.setBytes(3, sealing.lookups().adapterState(namespace, key));
                write.setBytes(4, SqliteAdapterState.sealName(namespace, key, id, sealing.encryptor()));
                write.setBytes(5, row.getBytes("value"));
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT key, seen_at FROM seen_event ORDER BY seen_at, key");
             PreparedStatement write = connection.prepareStatement(
                     "INSERT INTO seen_event_keyed (id, lookup, seen) VALUES (?, ?, ?)")) {
            long id = 0;
            while (row.next()) {
                id++;
                write.setLong(1, id);
                write.setBytes(2, sealing.lookups().seenEvent(row.getString("key")));
                write.setBytes(3, times.seal(Instant.ofEpochMilli(row.getLong("seen_at")), SqliteSeenEvents.context(id)));
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TABLE adapter_state");
            statement.executeUpdate("ALTER TABLE adapter_state_keyed RENAME TO adapter_state");
            statement.executeUpdate("DROP TABLE seen_event");
            statement.executeUpdate("ALTER TABLE seen_event_keyed RENAME TO seen_event");
        }
    }
}
