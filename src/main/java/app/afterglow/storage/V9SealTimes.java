package app.afterglow.storage;

import app.afterglow.core.model.PersonId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Migration 9: the times of intimacy are no longer kept in clear. A session's start and end, a
 * check-in's creation and deadline, when a participant submitted and when a job is due are
 * sealed, each bound to its row and column; where SQL must still find rows by time (jobs due, old
 * check-ins and sessions for retention) a {@link TimeBucket} is kept beside them, and the old
 * columns and their indexes are dropped.
 *
 * <p>Its statements are written for the schema as it was at version 8, and run once.
 */
final class V9SealTimes implements Migrations.KeyedStep {
    @Override
    public void apply(Connection connection, Migrations.Sealing sealing) throws SQLException {
        SealedTimes times = new SealedTimes(sealing.encryptor());
        TimeBucket buckets = sealing.buckets();
        execute(connection, List.of(
                "ALTER TABLE session ADD COLUMN started BLOB",
                "ALTER TABLE session ADD COLUMN ended BLOB",
                "ALTER TABLE session ADD COLUMN ended_bucket INTEGER",
                "ALTER TABLE checkin ADD COLUMN created BLOB",
                "ALTER TABLE checkin ADD COLUMN expires BLOB",
                "ALTER TABLE checkin ADD COLUMN expires_bucket INTEGER",
                "ALTER TABLE participation ADD COLUMN submitted BLOB",
                "ALTER TABLE job ADD COLUMN due BLOB",
                "ALTER TABLE job ADD COLUMN due_bucket INTEGER"));
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT id, started_at, ended_at FROM session ORDER BY id");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE session SET started = ?, ended = ?, ended_bucket = ? WHERE id = ?")) {
            while (row.next()) {
                long id = row.getLong("id");
                write.setBytes(1, times.seal(Instant.ofEpochMilli(row.getLong("started_at")), SqliteSessionStore.startedContext(id)));
                long ended = row.getLong("ended_at");
                boolean open = row.wasNull();
                write.setBytes(2, open ? null : times.seal(Instant.ofEpochMilli(ended), SqliteSessionStore.endedContext(id)));
                write.setObject(3, open ? null : buckets.of(Instant.ofEpochMilli(ended)));
                write.setLong(4, id);
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT id, created_at, expires_at FROM checkin ORDER BY id");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE checkin SET created = ?, expires = ?, expires_bucket = ? WHERE id = ?")) {
            while (row.next()) {
                long id = row.getLong("id");
                Instant expires = Instant.ofEpochMilli(row.getLong("expires_at"));
                write.setBytes(1, times.seal(Instant.ofEpochMilli(row.getLong("created_at")), SqliteCheckinStore.createdContext(id)));
                write.setBytes(2, times.seal(expires, SqliteCheckinStore.expiresContext(id)));
                write.setLong(3, buckets.of(expires));
                write.setLong(4, id);
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery(
                     "SELECT checkin_id, person_id, submitted_at FROM participation WHERE submitted_at IS NOT NULL");
             PreparedStatement write = connection.prepareStatement(
                     "UPDATE participation SET submitted = ? WHERE checkin_id = ? AND person_id = ?")) {
            while (row.next()) {
                long checkin = row.getLong("checkin_id");
                PersonId person = new PersonId(row.getLong("person_id"));
                write.setBytes(1, times.seal(Instant.ofEpochMilli(row.getLong("submitted_at")),
                        SqliteCheckinStore.submittedContext(checkin, person)));
                write.setLong(2, checkin);
                write.setLong(3, person.value());
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT id, due_at FROM job ORDER BY id");
             PreparedStatement write = connection.prepareStatement("UPDATE job SET due = ?, due_bucket = ? WHERE id = ?")) {
            while (row.next()) {
                long id = row.getLong("id");
                Instant due = Instant.ofEpochMilli(row.getLong("due_at"));
                write.setBytes(1, times.seal(due, SqliteJobStore.context(id)));
                write.setLong(2, buckets.of(due));
                write.setLong(3, id);
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        execute(connection, List.of(
                "DROP INDEX session_partnership",
                "DROP INDEX session_ended",
                "ALTER TABLE session DROP COLUMN started_at",
                "ALTER TABLE session DROP COLUMN ended_at",
                "CREATE INDEX session_partnership ON session (partnership_id, ended_bucket)",
                "CREATE INDEX session_ended ON session (ended_bucket)",
                "DROP INDEX checkin_partnership",
                "DROP INDEX checkin_expires",
                "ALTER TABLE checkin DROP COLUMN created_at",
                "ALTER TABLE checkin DROP COLUMN expires_at",
                "CREATE INDEX checkin_partnership ON checkin (partnership_id)",
                "CREATE INDEX checkin_expires ON checkin (expires_bucket)",
                "ALTER TABLE participation DROP COLUMN submitted_at",
                "DROP INDEX job_due",
                "ALTER TABLE job DROP COLUMN due_at",
                "CREATE INDEX job_due ON job (due_bucket, id)"));
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }
}
