package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.store.Stores;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration 16 keeps each question set once instead of in every check-in's row. The database it
 * starts from is made by this version's store and put back in version 15's shape, each check-in
 * with its own copy of its set's text, so what the check-ins ask afterwards can only come from
 * what the migration made of those copies.
 */
class QuestionSetsOnceMigrationTest {
    private static final QuestionSet BEFORE = TestBot.catalog().standard(CheckinKind.BEFORE);
    private static final QuestionSet FOLLOWUP = TestBot.catalog().standard(CheckinKind.FOLLOWUP);

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a version 15 database whose 60 check-ins each carry a copy of one of two question sets WHEN this "
            + "version opens it THEN each set is kept once, every check-in asks what it asked before with its answers, "
            + "status and times as they were, a new check-in with a known set adds no set, and the file is smaller")
    void eachQuestionSetIsKeptOnce() throws SQLException, java.io.IOException {
        Map<Long, Checkin> checkins = new LinkedHashMap<>();
        Map<Long, List<Participation>> participations = new LinkedHashMap<>();
        PersonId ana;
        PersonId ben;
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            ana = Fixtures.person(storage, "1", "Ana").id();
            ben = Fixtures.person(storage, "2", "Ben").id();
            long partnership = tx(storage, () -> stores.partnerships().create(ana, ben, T0).id());
            for (int i = 0; i < 60; i++) {
                QuestionSet set = i % 3 == 0 ? FOLLOWUP : BEFORE;
                CheckinStatus status = CheckinStatus.values()[i % CheckinStatus.values().length];
                long id = tx(storage, () -> {
                    Checkin made = stores.checkins().create(Optional.of(partnership), Optional.empty(), set,
                            List.of(ana, ben), T0, T0.plusSeconds(48 * 3600));
                    Participation mine = stores.checkins().participation(made.id(), ana).orElseThrow();
                    stores.checkins().save(mine.with(mine.progress().with(set.questions().get(0).id(), Answer.skip())));
                    stores.checkins().updateStatus(made.id(), status);
                    return made.id();
                });
                checkins.put(id, tx(storage, () -> stores.checkins().find(id)).orElseThrow());
                participations.put(id, tx(storage, () -> stores.checkins().participations(id)));
            }
        }
        DatabaseTest.rawUpdate(dir, DatabaseTest.UNDO_VERSION_17 + DatabaseTest.UNDO_VERSION_16 + "VACUUM;");
        assertEquals(List.of("2"), DatabaseTest.rawStrings(dir, "SELECT count(DISTINCT question_set) FROM checkin"),
                "the version 15 shape: a copy of one of the two sets in each row");
        long copiesKept = Files.size(dir.resolve(Database.FILE_NAME));

        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            assertEquals(List.of("2"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM question_set"));
            assertEquals(List.of(), DatabaseTest.rawStrings(dir,
                    "SELECT name FROM pragma_table_info('checkin') WHERE name = 'question_set'"));
            for (Map.Entry<Long, Checkin> before : checkins.entrySet()) {
                long id = before.getKey();
                assertEquals(Optional.of(before.getValue()), tx(storage, () -> stores.checkins().find(id)), "check-in " + id);
                assertEquals(participations.get(id), tx(storage, () -> stores.checkins().participations(id)), "check-in " + id);
            }
            tx(storage, () -> stores.checkins().create(Optional.empty(), Optional.empty(), BEFORE, List.of(ben), T0,
                    T0.plusSeconds(3600)));
            assertEquals(List.of("2"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM question_set"));
        }
        long setsOnce = Files.size(dir.resolve(Database.FILE_NAME));
        assertTrue(setsOnce < copiesKept * 3 / 4, "the file went from " + copiesKept + " to " + setsOnce + " bytes");
    }

    @Test
    @DisplayName("GIVEN a check-in with a new question set read back in a transaction that is then rolled back WHEN a "
            + "check-in with another new set is made and read THEN it asks its own set, not the one rolled back with "
            + "the id it now has")
    void aSetRolledBackIsNotReadForTheNextOne() {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            PersonId ana = Fixtures.person(storage, "1", "Ana").id();
            assertThrows(IllegalStateException.class, () -> tx(storage, () -> {
                long id = stores.checkins().create(Optional.empty(), Optional.empty(), BEFORE, List.of(ana), T0,
                        T0.plusSeconds(3600)).id();
                assertEquals(BEFORE, stores.checkins().find(id).orElseThrow().questions());
                throw new IllegalStateException("rolled back on purpose");
            }));
            long id = tx(storage, () -> stores.checkins().create(Optional.empty(), Optional.empty(), FOLLOWUP,
                    List.of(ana), T0, T0.plusSeconds(3600)).id());
            assertEquals(FOLLOWUP, tx(storage, () -> stores.checkins().find(id)).orElseThrow().questions());
        }
    }

    @Test
    @DisplayName("GIVEN a check-in with a new question set made in a transaction that is then rolled back WHEN a "
            + "check-in with the same set is made again THEN the set is kept again and reads back, not taken for kept "
            + "under the id that was undone")
    void aSetRolledBackIsKeptAgainForTheSameSet() {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            PersonId ana = Fixtures.person(storage, "1", "Ana").id();
            assertThrows(IllegalStateException.class, () -> tx(storage, () -> {
                started(storage, BEFORE, ana);
                throw new IllegalStateException("rolled back on purpose");
            }));

            long id = tx(storage, () -> started(storage, BEFORE, ana));
            long again = tx(storage, () -> started(storage, BEFORE, ana));

            assertEquals(BEFORE, questionsOf(storage, id));
            assertEquals(BEFORE, questionsOf(storage, again));
        }
        try (SqliteStorage storage = Fixtures.open(dir)) {
            PersonId bo = Fixtures.person(storage, "2", "Bo").id();
            long id = tx(storage, () -> started(storage, BEFORE, bo));
            assertEquals(BEFORE, questionsOf(storage, id), "read back after a restart, from the row kept");
        }
    }

    private static long started(SqliteStorage storage, QuestionSet set, PersonId person) {
        return storage.stores().checkins().create(Optional.empty(), Optional.empty(), set, List.of(person), T0,
                T0.plusSeconds(3600)).id();
    }

    private static QuestionSet questionsOf(SqliteStorage storage, long checkinId) {
        return tx(storage, () -> storage.stores().checkins().find(checkinId)).orElseThrow().questions();
    }

}
