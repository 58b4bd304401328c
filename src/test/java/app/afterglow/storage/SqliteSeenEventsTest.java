package app.afterglow.storage;

import app.afterglow.core.store.SeenEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static app.afterglow.storage.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: seen events keep neither their key nor their time in clear, and are still refused and forgotten. */
class SqliteSeenEventsTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private SeenEvents seen;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        seen = storage.stores().seenEvents();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private <T> T tx(Supplier<T> work) {
        return Fixtures.tx(storage, work);
    }

    @Test
    @DisplayName("GIVEN an event seen once WHEN it is delivered again, also after a restart THEN it is refused, while "
            + "another event is not")
    void aRedeliveryIsRefused() {
        assertTrue(tx(() -> seen.firstSight("MATRIX:$first", T0)));
        assertFalse(tx(() -> seen.firstSight("MATRIX:$first", T0.plusSeconds(1))));
        assertTrue(tx(() -> seen.firstSight("DISCORD:$first", T0.plusSeconds(2))), "another platform, another event");

        storage.close();
        open();

        assertFalse(tx(() -> seen.firstSight("MATRIX:$first", T0.plusSeconds(3))));
        assertFalse(tx(() -> seen.firstSight("DISCORD:$first", T0.plusSeconds(3))));
        assertTrue(tx(() -> seen.firstSight("MATRIX:$second", T0.plusSeconds(3))));
    }

    @Test
    @DisplayName("GIVEN twenty events seen a minute apart WHEN those before the eighth's time are forgotten THEN the "
            + "seven older ones are taken again as first sights, and the eighth, seen exactly at the cutoff, and the "
            + "later ones are still refused")
    void forgetsOnlyOlderEvents() throws SQLException {
        for (int i = 0; i < 20; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            assertTrue(tx(() -> seen.firstSight("event " + at, at)));
        }

        storage.stores().transactions().run(() -> seen.forgetBefore(T0.plus(Duration.ofMinutes(7))));

        assertEquals(List.of("13"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM seen_event"));
        for (int i = 0; i < 20; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            assertEquals(i < 7, tx(() -> seen.firstSight("event " + at, T0.plus(Duration.ofMinutes(30)))), "event " + i);
        }
    }

    @Test
    @DisplayName("GIVEN an event seen, then one seen after the clock went back an hour, then one later again WHEN those "
            + "before a cutoff between the second's time and the first's are forgotten THEN only the second goes: the "
            + "first, young though its id is lower, is kept")
    void aYoungEventBelowAnOldOneIsKept() {
        assertTrue(tx(() -> seen.firstSight("first", T0)));
        assertTrue(tx(() -> seen.firstSight("after the clock went back", T0.minus(Duration.ofHours(1)))));
        assertTrue(tx(() -> seen.firstSight("third", T0.plus(Duration.ofMinutes(30)))));

        storage.stores().transactions().run(() -> seen.forgetBefore(T0.minus(Duration.ofMinutes(30))));

        assertFalse(tx(() -> seen.firstSight("first", T0.plus(Duration.ofHours(1)))), "kept");
        assertFalse(tx(() -> seen.firstSight("third", T0.plus(Duration.ofHours(1)))), "kept");
        assertTrue(tx(() -> seen.firstSight("after the clock went back", T0.plus(Duration.ofHours(1)))), "forgotten");
    }

    @Test
    @DisplayName("GIVEN no events, or only young ones WHEN old ones are forgotten THEN nothing changes")
    void nothingToForget() {
        storage.stores().transactions().run(() -> seen.forgetBefore(T0));
        assertTrue(tx(() -> seen.firstSight("young", T0)));

        storage.stores().transactions().run(() -> seen.forgetBefore(T0));

        assertFalse(tx(() -> seen.firstSight("young", T0)));
    }

    @Test
    @DisplayName("GIVEN events seen at times of different lengths in digits WHEN stored THEN each row's sealed time "
            + "takes the same 47 bytes, unpadded, and still opens to its time")
    void everySeenTimeTakesTheSameSmallRoom() {
        List<Instant> times = List.of(Instant.ofEpochMilli(1), T0, T0.plusMillis(123_456_789));
        for (Instant at : times) {
            assertTrue(tx(() -> seen.firstSight("event " + at.toEpochMilli(), at)));
        }
        Sql sql = new Sql(storage.database());
        List<byte[]> sealed = tx(() -> sql.list("SELECT seen FROM seen_event ORDER BY id", row -> row.getBytes(1)));
        assertEquals(List.of(47, 47, 47), sealed.stream().map(b -> b.length).toList());
        SealedTimes opener = new SealedTimes(new Encryptor(new KeyFile(dir).read(), new SecureRandom()));
        for (int i = 0; i < times.size(); i++) {
            assertEquals(times.get(i), opener.open(sealed.get(i), SqliteSeenEvents.context(i + 1L)));
        }
    }
}
