package app.afterglow.storage;

import app.afterglow.core.store.SessionStore;
import app.afterglow.core.store.SessionStore.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteSessionStoreTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private SessionStore sessions;
    private long partnershipId;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        sessions = storage.stores().sessions();
        partnershipId = tx(storage, () -> storage.stores().partnerships().create(
                Fixtures.person(storage, "1", "A").id(), Fixtures.person(storage, "2", "B").id(), T0).id());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    @DisplayName("GIVEN a started session WHEN asked for the open one THEN it is returned; once ended THEN there is none")
    void startOpenEnd() {
        assertTrue(tx(storage, () -> sessions.open(partnershipId)).isEmpty());
        Session started = tx(storage, () -> sessions.start(partnershipId, T0));

        assertEquals(new Session(started.id(), partnershipId, T0, Optional.empty()), started);
        assertEquals(Optional.of(started), tx(storage, () -> sessions.open(partnershipId)));

        storage.stores().transactions().run(() -> sessions.end(started.id(), T0.plusSeconds(3600)));
        assertTrue(tx(storage, () -> sessions.open(partnershipId)).isEmpty());
    }

    @Test
    @DisplayName("GIVEN an ended session WHEN ended again THEN the first end is kept; an unknown session is refused")
    void endTwice() {
        Session started = tx(storage, () -> sessions.start(partnershipId, T0));
        storage.stores().transactions().run(() -> sessions.end(started.id(), T0.plusSeconds(10)));
        storage.stores().transactions().run(() -> sessions.end(started.id(), T0.plusSeconds(20)));

        byte[] ended = tx(storage, () -> new Sql(storage.database())
                .one("SELECT ended FROM session WHERE id = ?", row -> row.getBytes(1), started.id())).orElseThrow();
        SealedTimes times = new SealedTimes(new Encryptor(new KeyFile(dir).read(), new SecureRandom()));
        assertEquals(T0.plusSeconds(10), times.open(ended, SqliteSessionStore.endedContext(started.id())));
        assertThrows(IllegalArgumentException.class,
                () -> storage.stores().transactions().run(() -> sessions.end(started.id() + 1, T0)));
    }
}
