package app.afterglow.storage;

import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Migration 13 gives each participation its check-in's status while that is OPEN or SAVED, and
 * indexes a person's participations by check-in and a
 * partnership's open check-ins. The database it starts from is made by this
 * version's store and then put back in version 12's shape (the column and the new indexes gone,
 * the person index as version 1 made it, version 13 unrecorded), so that the column can only come
 * from what the migration computes from the statuses.
 */
class CurrentCheckinsMigrationTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a version 12 database with check-ins of every status, shared and personal, and two saved "
            + "forms of one person WHEN this version opens it THEN each participation carries its check-in's status "
            + "exactly when that is OPEN or SAVED, the person index holds the check-in, and each person's and the "
            + "partnership's open check-ins and each person's newest saved form are found")
    void versionTwelveCheckinsGetTheirCurrentStatus() throws SQLException {
        PersonId ana;
        PersonId ben;
        long partnership;
        long sharedOpen = 0;
        long personalOpen = 0;
        long sharedSaved = 0;
        long newestSaved;
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            ana = Fixtures.person(storage, "1", "Ana").id();
            ben = Fixtures.person(storage, "2", "Ben").id();
            partnership = tx(storage, () -> stores.partnerships().create(ana, ben, T0).id());
            for (CheckinStatus status : CheckinStatus.values()) {
                long shared = made(storage, Optional.of(partnership), List.of(ana, ben), status);
                long personal = made(storage, Optional.empty(), List.of(ben), status);
                if (status == CheckinStatus.SAVED) {
                    sharedSaved = shared;
                }
                if (status == CheckinStatus.OPEN) {
                    sharedOpen = shared;
                    personalOpen = personal;
                }
            }
            newestSaved = made(storage, Optional.empty(), List.of(ben), CheckinStatus.SAVED);
            made(storage, Optional.of(partnership), List.of(ana, ben), CheckinStatus.REVEALED);
        }
        DatabaseTest.rawUpdate(dir, DatabaseTest.UNDO_VERSION_17 + DatabaseTest.UNDO_VERSION_16 + DatabaseTest.UNDO_VERSION_15 + DatabaseTest.UNDO_VERSION_14 + """
                DROP INDEX participation_current;
                DROP INDEX checkin_open;
                DROP INDEX participation_person;
                ALTER TABLE participation DROP COLUMN current;
                CREATE INDEX participation_person ON participation (person_id);
                DELETE FROM schema_version WHERE version = 13""");

        try (SqliteStorage storage = Fixtures.open(dir)) {
            assertEquals(List.of(), DatabaseTest.rawStrings(dir, """
                    SELECT p.checkin_id || ' ' || p.person_id || ' ' || c.status || ' ' || coalesce(p.current, 'NULL')
                    FROM participation p JOIN checkin c ON c.id = p.checkin_id
                    WHERE p.current IS NOT (CASE WHEN c.status IN ('OPEN', 'SAVED') THEN c.status END)"""),
                    "participations whose current status is not their check-in's");
            assertEquals(List.of("OPEN", "SAVED"), DatabaseTest.rawStrings(dir,
                    "SELECT DISTINCT current FROM participation WHERE current IS NOT NULL ORDER BY current"));
            assertEquals(List.of("person_id", "checkin_id"), DatabaseTest.rawStrings(dir,
                    "SELECT name FROM pragma_index_info('participation_person') ORDER BY seqno"));
            assertEquals(List.of(String.valueOf(Migrations.SCRIPTS.size())),
                    DatabaseTest.rawStrings(dir, "SELECT max(version) FROM schema_version"));

            Stores stores = storage.stores();
            assertEquals(List.of(sharedOpen), ids(tx(storage, () -> stores.checkins().openForPerson(ana))));
            assertEquals(List.of(personalOpen, sharedOpen), ids(tx(storage, () -> stores.checkins().openForPerson(ben))));
            assertEquals(List.of(sharedOpen), ids(tx(storage, () -> stores.checkins().openForPartnership(partnership))));
            assertEquals(Optional.of(newestSaved),
                    tx(storage, () -> stores.checkins().lastSavedForPerson(ben)).map(Checkin::id));
            assertEquals(Optional.of(sharedSaved),
                    tx(storage, () -> stores.checkins().lastSavedForPerson(ana)).map(Checkin::id));
        }
    }

    private static long made(SqliteStorage storage, Optional<Long> partnership, List<PersonId> people,
                             CheckinStatus status) {
        return tx(storage, () -> {
            long id = Fixtures.checkin(storage.stores(), partnership, people, T0).id();
            storage.stores().checkins().updateStatus(id, status);
            return id;
        });
    }

    private static List<Long> ids(List<Checkin> checkins) {
        return checkins.stream().map(Checkin::id).toList();
    }
}
