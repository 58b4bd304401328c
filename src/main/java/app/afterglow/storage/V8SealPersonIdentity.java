package app.afterglow.storage;

import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Migration 8: a person is no longer kept in clear. The table is rebuilt with the platform id,
 * display name, bot flag, time zone and quiet hours sealed in {@code profile} (see
 * {@link PersonProfile}), and found by {@code lookup}, the keyed {@link BlindIndex} of platform and
 * platform id. Ids and focus are kept as they were. When a person was first seen is dropped: it is
 * a time in clear that nothing reads.
 *
 * <p>Its statements are written for the schema as it was at version 7, and run once.
 */
final class V8SealPersonIdentity implements Migrations.KeyedStep {
    @Override
    public void apply(Connection connection, Migrations.Sealing sealing) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // platform stays in clear: the outbox is delivered per platform and must find its own
            // messages without opening every recipient.
            statement.executeUpdate("""
                    CREATE TABLE person_sealed (
                        id               INTEGER PRIMARY KEY,
                        platform         TEXT    NOT NULL,
                        lookup           BLOB    NOT NULL UNIQUE,
                        profile          BLOB    NOT NULL,
                        focus_checkin_id INTEGER REFERENCES checkin (id) ON DELETE SET NULL,
                        focus_step       INTEGER
                    )""");
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("""
                     SELECT id, platform, platform_user_id, display_name, bot, zone, quiet_start, quiet_end,
                            focus_checkin_id, focus_step
                     FROM person ORDER BY id""");
             PreparedStatement write = connection.prepareStatement("""
                     INSERT INTO person_sealed (id, platform, lookup, profile, focus_checkin_id, focus_step)
                     VALUES (?, ?, ?, ?, ?, ?)""")) {
            while (row.next()) {
                long id = row.getLong("id");
                Platform platform = Platform.valueOf(row.getString("platform"));
                PlatformUser user = new PlatformUser(platform, row.getString("platform_user_id"),
                        row.getString("display_name"), row.getInt("bot") != 0);
                PersonProfile profile = PersonProfile.of(user, ZoneId.of(row.getString("zone")), quietHours(row));
                write.setLong(1, id);
                write.setString(2, platform.name());
                write.setBytes(3, sealing.index().of(platform, user.id()));
                write.setBytes(4, profile.seal(id, sealing.encryptor()));
                write.setObject(5, row.getObject("focus_checkin_id"));
                write.setObject(6, row.getObject("focus_step"));
                write.executeUpdate();
                sealing.afterRow().run();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DROP TABLE person");
            statement.executeUpdate("ALTER TABLE person_sealed RENAME TO person");
            statement.executeUpdate("CREATE INDEX person_focus ON person (focus_checkin_id)");
            // The outbox finds a platform's due messages through its recipients on that platform.
            statement.executeUpdate("CREATE INDEX person_platform ON person (platform)");
        }
    }

    private static Optional<QuietHours> quietHours(ResultSet row) throws SQLException {
        Optional<Long> start = Sql.optionalLong(row, "quiet_start");
        Optional<Long> end = Sql.optionalLong(row, "quiet_end");
        return start.isPresent() && end.isPresent()
                ? Optional.of(new QuietHours(LocalTime.ofSecondOfDay(start.get()), LocalTime.ofSecondOfDay(end.get())))
                : Optional.empty();
    }
}
