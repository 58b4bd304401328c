package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.JobStore;
import app.afterglow.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteJobStoreTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private Stores stores;
    private JobStore jobs;
    private PersonId ana;
    private PersonId ben;
    private long partnershipId;
    private long checkinId;
    private long sessionId;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        stores = storage.stores();
        jobs = stores.jobs();
        ana = Fixtures.person(storage, "1", "Ana").id();
        ben = Fixtures.person(storage, "2", "Ben").id();
        partnershipId = tx(storage, () -> stores.partnerships().create(ana, ben, T0).id());
        sessionId = tx(storage, () -> stores.sessions().start(partnershipId, T0).id());
        checkinId = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0).id());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private Job remind(PersonId person, Instant due) {
        return tx(storage, () -> jobs.schedule(new Job(0, Job.Kind.REMIND, due, Optional.of(checkinId),
                Optional.of(person), Optional.empty(), Optional.empty())));
    }

    @Test
    @DisplayName("WHEN a job is scheduled THEN it gets an id and reads back equal once due")
    void scheduleRoundTrip() {
        Job followup = tx(storage, () -> jobs.schedule(new Job(0, Job.Kind.FOLLOWUP, T0, Optional.empty(),
                Optional.empty(), Optional.of(partnershipId), Optional.of(sessionId))));

        assertTrue(followup.id() > 0);
        assertEquals(List.of(followup), tx(storage, () -> jobs.due(T0, 10)));
    }

    @Test
    @DisplayName("GIVEN jobs due at different times WHEN asked what is due THEN earliest first, none from the future, at most the limit")
    void dueOrdering() {
        Job late = remind(ana, T0.plusSeconds(30));
        Job early = remind(ben, T0.plusSeconds(10));
        Job future = remind(ana, T0.plusSeconds(3600));
        Job middle = remind(ben, T0.plusSeconds(20));

        assertEquals(List.of(early, middle, late), tx(storage, () -> jobs.due(T0.plusSeconds(60), 10)));
        assertEquals(List.of(early, middle), tx(storage, () -> jobs.due(T0.plusSeconds(60), 2)));
        assertEquals(List.of(early, middle, late, future), tx(storage, () -> jobs.due(T0.plusSeconds(3600), 10)));
    }

    @Test
    @DisplayName("WHEN a job is rescheduled or deleted THEN it is due later or never; a job already gone is ignored")
    void rescheduleAndDelete() {
        Job one = remind(ana, T0);
        Job two = remind(ben, T0);

        stores.transactions().run(() -> {
            jobs.reschedule(one.id(), T0.plusSeconds(100));
            jobs.delete(two.id());
            jobs.delete(two.id());
            jobs.reschedule(two.id(), T0);
        });

        assertTrue(tx(storage, () -> jobs.due(T0.plusSeconds(99), 10)).isEmpty());
        assertEquals(List.of(one.id()), tx(storage, () -> jobs.due(T0.plusSeconds(100), 10)).stream().map(Job::id).toList());
    }

    @Test
    @DisplayName("WHEN jobs are deleted for a check-in, a partnership or a person THEN exactly those go")
    void deleteForOwners() {
        remind(ana, T0);
        Job benJob = remind(ben, T0);
        Job partnershipJob = tx(storage, () -> jobs.schedule(new Job(0, Job.Kind.FOLLOWUP, T0, Optional.empty(),
                Optional.empty(), Optional.of(partnershipId), Optional.empty())));
        Job expire = tx(storage, () -> jobs.schedule(new Job(0, Job.Kind.EXPIRE, T0, Optional.of(checkinId),
                Optional.empty(), Optional.empty(), Optional.empty())));

        stores.transactions().run(() -> jobs.deleteForPerson(ana));
        assertEquals(List.of(benJob, partnershipJob, expire), tx(storage, () -> jobs.due(T0, 10)));

        stores.transactions().run(() -> jobs.deleteForPartnership(partnershipId));
        assertEquals(List.of(benJob, expire), tx(storage, () -> jobs.due(T0, 10)));

        stores.transactions().run(() -> jobs.deleteForCheckin(checkinId));
        assertTrue(tx(storage, () -> jobs.due(T0, 10)).isEmpty());
    }

    @Test
    @DisplayName("GIVEN a job due in an hour, read once WHEN a reschedule to now is rolled back, and another process "
            + "(a restart) reads the same file THEN the job is due only in an hour for both, and a committed "
            + "reschedule is seen at once")
    void rolledBackRescheduleLeavesNoWrongTimeBehind() {
        Job job = remind(ana, T0.plusSeconds(3600));
        assertEquals(List.of(), tx(storage, () -> jobs.due(T0, 10)));

        assertThrows(IllegalStateException.class, () -> tx(storage, () -> {
            jobs.reschedule(job.id(), T0);
            assertEquals(1, jobs.due(T0, 10).size(), "seen inside its own transaction");
            throw new IllegalStateException("rolled back");
        }));
        assertEquals(List.of(), tx(storage, () -> jobs.due(T0, 10)), "the rolled-back time is not kept");
        assertEquals(List.of(job), tx(storage, () -> jobs.due(T0.plusSeconds(3600), 10)));

        storage.close();
        storage = Fixtures.open(dir);
        jobs = storage.stores().jobs();
        assertEquals(List.of(), tx(storage, () -> jobs.due(T0, 10)));
        tx(storage, () -> {
            jobs.reschedule(job.id(), T0.plusSeconds(5));
            return null;
        });
        assertEquals(List.of(job.id()), tx(storage, () -> jobs.due(T0.plusSeconds(5), 10)).stream().map(Job::id).toList());
    }

    @Test
    @DisplayName("GIVEN more jobs than are opened one by one, made by an earlier run WHEN a restarted store looks for "
            + "what is due THEN it finds exactly those whose time has come, earliest first")
    void manyJobsFromAnEarlierRunAreOpenedInOnePass() {
        List<Job> made = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            made.add(remind(i % 2 == 0 ? ana : ben, T0.plusSeconds(80 - i)));
        }
        storage.close();
        storage = Fixtures.open(dir);
        jobs = storage.stores().jobs();

        List<Job> due = tx(storage, () -> jobs.due(T0.plusSeconds(40), 100));
        assertEquals(made.stream().filter(j -> !j.dueAt().isAfter(T0.plusSeconds(40)))
                .sorted(Comparator.comparing(Job::dueAt)).toList(), due);
    }

    @Test
    @DisplayName("GIVEN jobs written by version 13, which kept no log of job changes WHEN this version opens the file "
            + "THEN they are due as written, and a job that goes with its check-in afterwards, deleted by SQLite's "
            + "cascade rather than by the store, is no longer named as due")
    void jobsFromBeforeTheChangeLogAreDueAndCascadesAreSeen() throws SQLException {
        Job early = remind(ana, T0);
        Job late = remind(ben, T0.plusSeconds(60));
        storage.close();
        DatabaseTest.rawUpdate(dir, DatabaseTest.UNDO_VERSION_17 + DatabaseTest.UNDO_VERSION_16 + DatabaseTest.UNDO_VERSION_15 + DatabaseTest.UNDO_VERSION_14);
        storage = Fixtures.open(dir);
        jobs = storage.stores().jobs();

        assertEquals(List.of(early, late), tx(storage, () -> jobs.due(T0.plusSeconds(60), 10)));
        tx(storage, () -> new Sql(storage.database()).update("DELETE FROM checkin WHERE id = ?", checkinId));
        assertEquals(List.of(), tx(storage, () -> jobs.due(T0.plusSeconds(60), 10)));
    }
}
