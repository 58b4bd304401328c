package app.afterglow.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Migration 10: the last times in clear that tell when something happened between two people. A
 * queued message's due time and first failure are sealed, with {@link TimeBucket}s of when it is
 * due and of its age kept beside them; a partnership's creation is sealed and its last update,
 * which nothing reads, dropped. The old columns and their indexes go.
 *
 * <p>Its statements are written for the schema as it was at version 9, and run once.
 */
final class V10SealQueueAndPartnershipTimes implements Migrations.KeyedStep {
    @Override
    public void apply(Connection connection, Migrations.Sealing sealing) throws SQLException {
        SealedTimes times = new SealedTimes(sealing.encryptor());
        TimeBucket buckets = sealing.buckets();
        execute(connection, List.of(
                "ALTER TABLE outbox ADD COLUMN due BLOB",
                "ALTER TABLE outbox ADD COLUMN due_bucket INTEGER",
                "ALTER TABLE outbox ADD COLUMN first_failed BLOB",
                "ALTER TABLE outbox ADD COLUMN age_bucket INTEGER",
                "ALTER TABLE partnership ADD COLUMN created BLOB"));
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT id, not_before, first_failed_at FROM outbox ORDER BY id");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE outbox SET due = ?, due_bucket = ?, first_failed = ?, age_bucket = ? WHERE id = ?")) {
            while (row.next()) {
                long id = row.getLong("id");
                Instant due = Instant.ofEpochMilli(row.getLong("not_before"));
                long failedAt = row.getLong("first_failed_at");
                boolean neverFailed = row.wasNull();
                Instant age = neverFailed ? due : Instant.ofEpochMilli(failedAt);
                write.setBytes(1, times.seal(due, SqliteOutbox.dueContext(id)));
                write.setLong(2, buckets.of(due));
                write.setBytes(3, neverFailed ? null : times.seal(age, SqliteOutbox.firstFailedContext(id)));
                write.setLong(4, buckets.of(age));
                write.setLong(5, id);
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT id, created_at FROM partnership ORDER BY id");
             PreparedStatement write = connection.prepareStatement("UPDATE partnership SET created = ? WHERE id = ?")) {
            while (row.next()) {
                long id = row.getLong("id");
                write.setBytes(1, times.seal(Instant.ofEpochMilli(row.getLong("created_at")),
                        SqlitePartnershipStore.createdContext(id)));
                write.setLong(2, id);
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        execute(connection, List.of(
                "DROP INDEX outbox_due",
                "DROP INDEX outbox_age",
                "ALTER TABLE outbox DROP COLUMN not_before",
                "ALTER TABLE outbox DROP COLUMN first_failed_at",
                "CREATE INDEX outbox_due ON outbox (due_bucket)",
                "CREATE INDEX outbox_age ON outbox (age_bucket)",
                "ALTER TABLE partnership DROP COLUMN created_at",
                "ALTER TABLE partnership DROP COLUMN updated_at"));
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }
}
