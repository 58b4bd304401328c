package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.CheckinStore;
import app.afterglow.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.afterSet;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteCheckinStoreTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private Stores stores;
    private CheckinStore checkins;
    private PersonId ana;
    private PersonId ben;
    private long partnershipId;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        stores = storage.stores();
        checkins = stores.checkins();
        ana = Fixtures.person(storage, "1", "Ana").id();
        ben = Fixtures.person(storage, "2", "Ben").id();
        partnershipId = tx(storage, () -> stores.partnerships().create(ana, ben, T0).id());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    @DisplayName("WHEN a check-in is created THEN it is OPEN, reads back equal with its question set, and each participant starts at the first question")
    void createAndFind() {
        long sessionId = tx(storage, () -> stores.sessions().start(partnershipId, T0).id());

        Checkin created = tx(storage, () -> checkins.create(Optional.of(partnershipId), Optional.of(sessionId),
                afterSet(), List.of(ana, ben), T0, T0.plusSeconds(3600)));

        assertEquals(new Checkin(created.id(), Optional.of(partnershipId), Optional.of(sessionId), afterSet(),
                CheckinStatus.OPEN, T0, T0.plusSeconds(3600)), created);
        assertEquals(Optional.of(created), tx(storage, () -> checkins.find(created.id())));
        assertEquals(List.of(
                        new Participation(created.id(), ana, Progress.start(), Optional.empty(), false),
                        new Participation(created.id(), ben, Progress.start(), Optional.empty(), false)),
                tx(storage, () -> checkins.participations(created.id())));
    }

    @Test
    @DisplayName("GIVEN three check-ins, the newest closed WHEN a page of them is asked for THEN it holds the newest, "
            + "closed or not")
    void pagesAreTheNewest() {
        Checkin oldest = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0));
        Checkin middle = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben),
                T0.plusSeconds(60)));
        Checkin newest = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben),
                T0.plusSeconds(120)));
        tx(storage, () -> {
            checkins.updateStatus(newest.id(), CheckinStatus.EXPIRED);
            return null;
        });

        assertEquals(List.of(newest.id(), middle.id()), tx(storage, () -> checkins.forPerson(ana, 2)).stream()
                .map(Checkin::id).toList());
        assertEquals(List.of(newest.id(), middle.id(), oldest.id()), tx(storage, () -> checkins.forPerson(ben)).stream()
                .map(Checkin::id).toList());
    }

    @Test
    @DisplayName("GIVEN participants in a given order WHEN their participations are listed THEN they come in that order")
    void participationsKeepTheirOrder() {
        Checkin created = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ben, ana), T0));

        assertEquals(List.of(ben, ana), tx(storage, () -> checkins.participations(created.id()))
                .stream().map(Participation::person).toList());
        assertEquals(List.of(ben, ana), tx(storage, () -> checkins.participants(created.id())),
                "who takes part, in the same order, without reading their answers");
    }

    @Test
    @DisplayName("GIVEN answers of every kind, share choices, a pause and a submission WHEN saved THEN the participation reloads equal")
    void participationRoundTrip() {
        Checkin created = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0));
        Progress progress = Progress.start()
                .with("feeling", Answer.ofScale(7).withShared(true))
                .with("need", Answer.ofChoices(List.of("water", "blanket")))
                .with("mood", Answer.skip())
                .with("favourite", Answer.ofText("the quiet after, ünïcödé & \"quotes\"").withShared(true))
                .withSent("need")
                .at(4, true)
                .paused(true);
        Participation saved = new Participation(created.id(), ana, progress, Optional.empty(), false)
                .submit(T0.plusSeconds(90)).markReminded();

        stores.transactions().run(() -> checkins.save(saved));

        assertEquals(Optional.of(saved), tx(storage, () -> checkins.participation(created.id(), ana)));
        assertEquals(Optional.of(new Participation(created.id(), ben, Progress.start(), Optional.empty(), false)),
                tx(storage, () -> checkins.participation(created.id(), ben)));
    }

    @Test
    @DisplayName("GIVEN several check-ins WHEN listed for a person, or the open ones for the partnership THEN they come "
            + "newest first, only theirs")
    void listsNewestFirst() {
        Checkin first = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0));
        Checkin personal = tx(storage, () -> Fixtures.checkin(stores, Optional.empty(), List.of(ana), T0.plusSeconds(1)));
        Checkin second = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben),
                T0.plusSeconds(2)));
        Checkin closed = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben),
                T0.plusSeconds(3)));
        stores.transactions().run(() -> checkins.updateStatus(closed.id(), CheckinStatus.REVEALED));

        assertEquals(List.of(second, first), tx(storage, () -> checkins.openForPartnership(partnershipId)));
        assertEquals(List.of(closed.id(), second.id(), personal.id(), first.id()),
                tx(storage, () -> checkins.forPerson(ana)).stream().map(Checkin::id).toList());
        assertEquals(List.of(closed.id(), second.id(), first.id()),
                tx(storage, () -> checkins.forPerson(ben)).stream().map(Checkin::id).toList());
    }

    @Test
    @DisplayName("WHEN the status changes THEN it reads back; unknown check-ins and participations are refused or empty")
    void statusAndUnknowns() {
        Checkin created = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0));

        stores.transactions().run(() -> checkins.updateStatus(created.id(), CheckinStatus.REVEALED));

        assertEquals(CheckinStatus.REVEALED, tx(storage, () -> checkins.find(created.id())).orElseThrow().status());
        assertTrue(tx(storage, () -> checkins.find(created.id() + 1)).isEmpty());
        assertTrue(tx(storage, () -> checkins.participation(created.id(), new PersonId(99))).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> stores.transactions().run(() -> checkins.updateStatus(created.id() + 1, CheckinStatus.EXPIRED)));
        assertThrows(IllegalArgumentException.class, () -> stores.transactions().run(() -> checkins.save(
                new Participation(created.id() + 1, ana, Progress.start(), Optional.empty(), false))));
        assertThrows(IllegalArgumentException.class, () -> stores.transactions().run(() ->
                Fixtures.checkin(stores, Optional.empty(), List.of(ana, ana), T0)));
    }

    @Test
    @DisplayName("GIVEN a sealed progress copied onto another person's row WHEN read THEN it does not open there")
    void progressIsBoundToItsRow() {
        Checkin created = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0));
        stores.transactions().run(() -> {
            Sql sql = new Sql(storage.database());
            sql.update("UPDATE participation SET progress = (SELECT progress FROM participation WHERE person_id = ?)"
                    + " WHERE person_id = ?", ana, ben);
        });

        StorageException e = assertThrows(StorageException.class,
                () -> tx(storage, () -> checkins.participation(created.id(), ben)));
        assertTrue(e.getMessage().contains("does not match or the data was altered"), e.getMessage());
    }
}
