package app.afterglow.storage;

import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.OutboxEntry;
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
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonErasureTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private Stores stores;
    private Person ana;
    private Person ben;
    private Partnership partnership;
    private Checkin shared;
    private Checkin anasPreferences;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        stores = storage.stores();
        ana = Fixtures.person(storage, "1", "Ana");
        ben = Fixtures.person(storage, "2", "Ben");
        partnership = tx(storage, () -> stores.partnerships().create(ana.id(), ben.id(), T0));
        long sessionId = tx(storage, () -> stores.sessions().start(partnership.id(), T0).id());
        shared = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnership.id()), List.of(ana.id(), ben.id()), T0));
        anasPreferences = tx(storage, () -> Fixtures.checkin(stores, Optional.empty(), List.of(ana.id()), T0));
        stores.transactions().run(() -> {
            stores.people().setFocus(ana.id(), Optional.of(new Focus(anasPreferences.id(), 0)));
            stores.people().setFocus(ben.id(), Optional.of(new Focus(shared.id(), 2)));
            for (Person person : List.of(ana, ben)) {
                stores.jobs().schedule(new Job(0, Job.Kind.REMIND, T0, Optional.of(shared.id()),
                        Optional.of(person.id()), Optional.empty(), Optional.empty()));
                stores.outbox().add(Message.of(person.id(), Line.text("hi")), T0);
            }
            stores.jobs().schedule(new Job(0, Job.Kind.FOLLOWUP, T0, Optional.empty(), Optional.empty(),
                    Optional.of(partnership.id()), Optional.of(sessionId)));
        });
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private void erase(PersonId person) {
        stores.transactions().run(() -> stores.people().delete(person));
    }

    @Test
    @DisplayName("GIVEN Ana and Ben with a shared check-in WHEN Ana erases her data THEN everything of hers goes and Ben keeps his side")
    void erasingOneSideKeepsTheOther() {
        erase(ana.id());

        assertTrue(tx(storage, () -> stores.people().find(ana.id())).isEmpty());
        assertTrue(tx(storage, () -> stores.checkins().participation(shared.id(), ana.id())).isEmpty());
        assertTrue(tx(storage, () -> stores.checkins().find(anasPreferences.id())).isEmpty(),
                "a check-in with nobody left in it goes too");
        assertEquals(List.of(ben.id()), tx(storage, () -> stores.checkins().participations(shared.id()))
                .stream().map(Participation::person).toList());
        assertEquals(List.of(new Partnership(partnership.id(), Optional.empty(), Optional.of(ben.id()),
                partnership.status(), T0)), tx(storage, () -> stores.partnerships().forPerson(ben.id())));
        assertEquals(Optional.of(new Focus(shared.id(), 2)),
                tx(storage, () -> stores.people().find(ben.id())).orElseThrow().focus());
        assertEquals(List.of(Optional.of(ben.id()), Optional.<PersonId>empty()),
                tx(storage, () -> stores.jobs().due(T0, 10)).stream().map(Job::person).toList());
        assertEquals(List.of(ben.user()), tx(storage, () -> stores.outbox().due(Platform.DISCORD, T0, 10))
                .stream().map(OutboxEntry::recipient).toList());
    }

    @Test
    @DisplayName("GIVEN both partners erase their data WHEN the second one does THEN the partnership, its session and its check-ins are gone")
    void erasingBothSidesRemovesThePartnership() {
        erase(ana.id());
        erase(ben.id());

        assertTrue(tx(storage, () -> stores.partnerships().find(partnership.id())).isEmpty());
        assertTrue(tx(storage, () -> stores.sessions().open(partnership.id())).isEmpty());
        assertTrue(tx(storage, () -> stores.checkins().find(shared.id())).isEmpty());
        assertTrue(tx(storage, () -> stores.jobs().due(T0, 10)).isEmpty());
    }

    @Test
    @DisplayName("GIVEN no such person WHEN erased THEN nothing changes")
    void erasingNobodyIsHarmless() {
        erase(new PersonId(999));

        assertEquals(2, tx(storage, () -> stores.checkins().participations(shared.id())).size());
        assertEquals(3, tx(storage, () -> stores.jobs().due(T0, 10)).size());
    }
}
