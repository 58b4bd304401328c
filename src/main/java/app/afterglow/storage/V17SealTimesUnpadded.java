package app.afterglow.storage;

import app.afterglow.core.model.PersonId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Migration 17: every time sealed before, padded to 541 bytes like an answer, is sealed again as
 * {@link SealedTimes} seals times now, unpadded in 47 bytes (padding a time hid nothing: every
 * time has the same length). A time already unpadded is left as it is. The file is rebuilt after
 * it, as after every keyed migration, which gives the room back: about 2 KB a check-in.
 *
 * <p>Its statements are written for the schema as it was at version 16, and run once.
 */
final class V17SealTimesUnpadded implements Migrations.KeyedStep {
    /** The sealed length of a time sealed unpadded. */
    private static final int UNPADDED = 47;

    /** What names a row's sealed time, from the row's key columns (read from the second column on). */
    private interface ContextOf {
        String of(ResultSet row) throws SQLException;
    }

    private record TimeColumn(String table, String column, String keys, ContextOf context) {
    }

    private static final List<TimeColumn> COLUMNS = List.of(
            new TimeColumn("partnership", "created", "id", row -> SqlitePartnershipStore.createdContext(row.getLong(2))),
            new TimeColumn("session", "started", "id", row -> SqliteSessionStore.startedContext(row.getLong(2))),
            new TimeColumn("session", "ended", "id", row -> SqliteSessionStore.endedContext(row.getLong(2))),
            new TimeColumn("checkin", "created", "id", row -> SqliteCheckinStore.createdContext(row.getLong(2))),
            new TimeColumn("checkin", "expires", "id", row -> SqliteCheckinStore.expiresContext(row.getLong(2))),
            new TimeColumn("participation", "submitted", "checkin_id, person_id",
                    row -> SqliteCheckinStore.submittedContext(row.getLong(2), new PersonId(row.getLong(3)))),
            new TimeColumn("job", "due", "id", row -> SqliteJobStore.context(row.getLong(2))),
            new TimeColumn("outbox", "due", "id", row -> SqliteOutbox.dueContext(row.getLong(2))),
            new TimeColumn("outbox", "first_failed", "id", row -> SqliteOutbox.firstFailedContext(row.getLong(2))),
            // Those version 11 sealed; the ones seen since are unpadded already.
            new TimeColumn("seen_event", "seen", "id", row -> SqliteSeenEvents.context(row.getLong(2))));

    @Override
    public void apply(Connection connection, Migrations.Sealing sealing) throws SQLException {
        SealedTimes times = new SealedTimes(sealing.encryptor());
        for (TimeColumn c : COLUMNS) {
            // length() of a NULL is NULL: times that have not happened are left out.
            try (PreparedStatement read = connection.prepareStatement("SELECT rowid, " + c.keys() + ", " + c.column()
                    + " FROM " + c.table() + " WHERE length(" + c.column() + ") > " + UNPADDED);
                 PreparedStatement write = connection.prepareStatement(
                         "UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE rowid = ?");
                 ResultSet row = read.executeQuery()) {
                int sealedAt = c.keys().split(",").length + 2;
                while (row.next()) {
                    String context = c.context().of(row);
                    write.setBytes(1, times.seal(times.open(row.getBytes(sealedAt), context), context));
                    write.setLong(2, row.getLong(1));
                    write.executeUpdate();
                    sealing.afterRow().run();
                }
            }
        }
    }
}
