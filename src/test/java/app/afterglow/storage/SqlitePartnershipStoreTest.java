package app.afterglow.storage;

import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.PartnershipStatus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.PartnershipStore;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlitePartnershipStoreTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private PartnershipStore partnerships;
    private PersonId ana;
    private PersonId ben;
    private PersonId cai;

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        partnerships = storage.stores().partnerships();
        ana = Fixtures.person(storage, "1", "Ana").id();
        ben = Fixtures.person(storage, "2", "Ben").id();
        cai = Fixtures.person(storage, "3", "Cai").id();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    @DisplayName("WHEN a partnership is created THEN it is PENDING and reads back equal")
    void createAndFind() {
        Partnership created = tx(storage, () -> partnerships.create(ana, ben, T0));

        assertEquals(new Partnership(created.id(), Optional.of(ana), Optional.of(ben), PartnershipStatus.PENDING, T0),
                created);
        assertEquals(Optional.of(created), tx(storage, () -> partnerships.find(created.id())));
        assertTrue(tx(storage, () -> partnerships.find(created.id() + 1)).isEmpty());
    }

    @Test
    @DisplayName("GIVEN partnerships as inviter and as invitee WHEN listed for a person THEN all of theirs come newest first, no one else's")
    void forPersonNewestFirst() {
        Partnership older = tx(storage, () -> partnerships.create(ana, ben, T0));
        Partnership newer = tx(storage, () -> partnerships.create(cai, ana, T0.plusSeconds(60)));
        tx(storage, () -> partnerships.create(ben, cai, T0.plusSeconds(120)));

        assertEquals(List.of(newer, older), tx(storage, () -> partnerships.forPerson(ana)));
    }

    @Test
    @DisplayName("WHEN the status changes THEN it reads back; a partnership that does not exist is refused")
    void updateStatus() {
        Partnership created = tx(storage, () -> partnerships.create(ana, ben, T0));

        storage.stores().transactions().run(() ->
                partnerships.updateStatus(created.id(), PartnershipStatus.ACTIVE, T0.plusSeconds(5)));

        assertEquals(PartnershipStatus.ACTIVE, tx(storage, () -> partnerships.find(created.id())).orElseThrow().status());
        assertThrows(IllegalArgumentException.class, () -> storage.stores().transactions().run(() ->
                partnerships.updateStatus(created.id() + 1, PartnershipStatus.ENDED, T0)));
    }
}
