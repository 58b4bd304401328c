package app.afterglow.storage;

import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenedProfilesTest {
    private final SecureRandom random = new SecureRandom();
    private final Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
    private final OpenedProfiles profiles = new OpenedProfiles(encryptor);

    private byte[] sealed(long personId, String name, String zone) {
        return PersonProfile.of(new PlatformUser(Platform.DISCORD, "1" + personId, name, false), ZoneId.of(zone),
                Optional.empty()).seal(personId, encryptor);
    }

    @Test
    @DisplayName("GIVEN a profile opened once WHEN its row holds the same bytes THEN the opened profile is handed back, "
            + "not decrypted again; WHEN it was sealed anew THEN the new one is opened")
    void theSameBytesAreOpenedOnce() {
        byte[] first = sealed(7, "alice", "Europe/Berlin");
        PersonProfile opened = profiles.open(7, first);

        assertSame(opened, profiles.open(7, first.clone()));
        PersonProfile changed = profiles.open(7, sealed(7, "alice", "Asia/Tokyo"));
        assertNotSame(opened, changed);
        assertEquals("Asia/Tokyo", changed.zoneId().getId());
    }

    @Test
    @DisplayName("GIVEN two people's profiles both opened WHEN one's sealed bytes are put in the other's row THEN "
            + "opening them still fails, as the seal binds each to its own person")
    void aSwappedProfileIsNeverServedFromMemory() {
        byte[] alices = sealed(1, "alice", "UTC");
        byte[] bobs = sealed(2, "bob", "UTC");
        profiles.open(1, alices);
        profiles.open(2, bobs);

        assertThrows(StorageException.class, () -> profiles.open(1, bobs));
        assertThrows(StorageException.class, () -> profiles.open(2, alices));
    }

    @Test
    @DisplayName("GIVEN an erased person's profile was opened WHEN it is forgotten THEN it is opened afresh from the "
            + "bytes, and no more than the most recent profiles are kept")
    void forgettingAndTheBound() {
        byte[] bytes = sealed(3, "carol", "UTC");
        PersonProfile opened = profiles.open(3, bytes);
        profiles.forget(3);
        assertNotSame(opened, profiles.open(3, bytes));

        PersonProfile kept = profiles.open(3, bytes);
        for (long id = 100; id < 100 + OpenedProfiles.KEPT; id++) {
            profiles.open(id, sealed(id, "p" + id, "UTC"));
        }
        assertNotSame(kept, profiles.open(3, bytes));
    }
}
