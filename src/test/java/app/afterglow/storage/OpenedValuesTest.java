package app.afterglow.storage;

import app.afterglow.core.checkin.Progress;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenedValuesTest {
    private final AtomicInteger opened = new AtomicInteger();
    private final Function<byte[], String> open = bytes -> {
        opened.incrementAndGet();
        return new String(bytes, StandardCharsets.UTF_8);
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("GIVEN a value just written beside its sealed bytes WHEN its row is read with those bytes THEN it is "
            + "handed back unopened; WHEN the row holds other bytes (a rolled-back write, a row sealed anew) THEN "
            + "those are opened, and a later change to the array written does not change what is kept")
    void onlyTheVeryBytesWrittenAreServedFromMemory() {
        OpenedValues<Long, String> values = new OpenedValues<>(8);
        byte[] written = bytes("written");
        values.keep(1L, written, "written");
        written[0] = 'W';

        assertEquals("written", values.open(1L, bytes("written"), open));
        assertEquals(0, opened.get());
        assertEquals("before", values.open(1L, bytes("before"), open));
        assertEquals(1, opened.get());
        assertEquals("before", values.open(1L, bytes("before"), open));
        assertEquals(1, opened.get());
        assertEquals("other row", values.open(2L, bytes("other row"), open), "kept per row");
        assertEquals(2, opened.get());
    }

    @Test
    @DisplayName("GIVEN more rows read than the bound WHEN the oldest is read again THEN it is opened again; forgotten "
            + "rows are opened again too")
    void theBoundAndForgetting() {
        OpenedValues<Long, String> values = new OpenedValues<>(3);
        for (long row = 0; row < 4; row++) {
            values.open(row, bytes("v" + row), open);
        }
        assertFalse(values.keepsAny(row -> row == 0L), "the least recently used went");
        assertTrue(values.keepsAny(row -> row == 3L));
        values.forgetIf(row -> row >= 2L);
        assertFalse(values.keepsAny(row -> row >= 2L));
        values.forgetAll();
        assertFalse(values.keepsAny(row -> true));
        values.open(1L, bytes("v1"), open);
        assertEquals(5, opened.get());
    }

    @Test
    @DisplayName("GIVEN a person's profile, their progress in a check-in and a partner's, and queued messages WHEN the "
            + "person is forgotten THEN their profile, their progress and every queued message go (one to a partner may "
            + "quote them), the partner's progress stays")
    void forgettingAPersonForgetsAllThatCarriesThem() {
        SecureRandom random = new SecureRandom();
        Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
        KeptOpen kept = new KeptOpen(encryptor);
        PersonId ana = new PersonId(1);
        PersonId ben = new PersonId(2);
        byte[] profile = PersonProfile.of(new PlatformUser(Platform.DISCORD, "11", "ana", false), ZoneId.of("UTC"),
                Optional.empty()).seal(1, encryptor);
        PersonProfile anas = kept.profiles.open(1, profile);
        kept.progresses.keep(new SqliteCheckinStore.Seat(7, 1), bytes("a"), Progress.start());
        kept.progresses.keep(new SqliteCheckinStore.Seat(7, 2), bytes("b"), Progress.start());
        kept.messages.keep(3L, bytes("m"), Message.of(ben, Line.text("Ana said: water")));

        kept.forget(ana);

        assertTrue(anas != kept.profiles.open(1, profile), "the profile is opened afresh");
        assertFalse(kept.progresses.keepsAny(seat -> seat.personId() == ana.value()));
        assertTrue(kept.progresses.keepsAny(seat -> seat.personId() == ben.value()));
        assertFalse(kept.messages.keepsAny(id -> true));
    }
}
