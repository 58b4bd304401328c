package app.afterglow.storage;

import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;
import app.afterglow.core.store.PersonStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.ZONE;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlitePersonStoreTest {
    private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 30));

    @TempDir
    Path dir;

    private SqliteStorage storage;
    private PersonStore people;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        people = storage.stores().people();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    @DisplayName("GIVEN an unknown platform user WHEN found or created THEN a person with the defaults is stored and found by id and by user")
    void createsWithDefaults() {
        PlatformUser robin = PlatformUser.human(Platform.MATRIX, "@robin:example.org", "Robin");

        Person created = tx(storage, () -> people.findOrCreate(robin, ZONE, Optional.of(NIGHT), T0));

        assertEquals(new Person(created.id(), robin, ZONE, Optional.of(NIGHT), Optional.empty()), created);
        assertEquals(Optional.of(created), tx(storage, () -> people.find(created.id())));
        assertEquals(Optional.of(created), tx(storage, () -> people.find(robin)));
    }

    @Test
    @DisplayName("GIVEN a known person WHEN seen again with a new name and bot flag THEN the same person is returned with both refreshed, settings kept")
    void refreshesNameAndBotFlag() {
        Person first = tx(storage, () -> people.findOrCreate(
                PlatformUser.human(Platform.DISCORD, "42", "Old"), ZONE, Optional.empty(), T0));
        PlatformUser renamed = new PlatformUser(Platform.DISCORD, "42", "New", true);

        Person again = tx(storage, () -> people.findOrCreate(renamed, ZoneId.of("UTC"), Optional.of(NIGHT), T0));

        assertEquals(new Person(first.id(), renamed, ZONE, Optional.empty(), Optional.empty()), again);
        assertEquals(Optional.of(again), tx(storage, () -> people.find(first.id())));
    }

    @Test
    @DisplayName("GIVEN the same platform id on two platforms WHEN both are seen THEN they are two people")
    void platformIdsArePerPlatform() {
        Person discord = Fixtures.person(storage, "7", "A");
        Person console = tx(storage, () -> people.findOrCreate(
                PlatformUser.human(Platform.CONSOLE, "7", "A"), ZONE, Optional.empty(), T0));

        assertNotEquals(discord.id(), console.id());
    }

    @Test
    @DisplayName("WHEN settings and focus change THEN they read back, and clearing them reads back empty")
    void settingsAndFocusRoundTrip() {
        Person person = Fixtures.person(storage, "1", "A");
        long checkinId = tx(storage, () -> Fixtures.checkin(storage.stores(), Optional.empty(),
                List.of(person.id()), T0).id());

        tx(storage, () -> {
            people.updateSettings(person.id(), ZoneId.of("America/Chicago"), Optional.of(NIGHT));
            people.setFocus(person.id(), Optional.of(new Focus(checkinId, Focus.PAUSED)));
            return null;
        });
        Person changed = tx(storage, () -> people.find(person.id())).orElseThrow();
        assertEquals(ZoneId.of("America/Chicago"), changed.zone());
        assertEquals(Optional.of(NIGHT), changed.quietHours());
        assertEquals(Optional.of(new Focus(checkinId, Focus.PAUSED)), changed.focus());

        tx(storage, () -> {
            people.updateSettings(person.id(), ZONE, Optional.empty());
            people.setFocus(person.id(), Optional.empty());
            return null;
        });
        assertEquals(person, tx(storage, () -> people.find(person.id())).orElseThrow());
    }

    @Test
    @DisplayName("GIVEN no such person WHEN looked up THEN empty; WHEN updated THEN refused")
    void unknownPerson() {
        PersonId nobody = new PersonId(999);

        assertTrue(tx(storage, () -> people.find(nobody)).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> storage.stores().transactions().run(() -> people.setFocus(nobody, Optional.empty())));
        assertThrows(IllegalArgumentException.class,
                () -> storage.stores().transactions().run(() -> people.updateSettings(nobody, ZONE, Optional.empty())));
    }
}
