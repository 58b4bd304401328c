package app.afterglow.storage;

import app.afterglow.core.CoreSettings;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: a copy of the data directory without the key tells nothing about who or when — every
 * byte of the database, its WAL and its shared memory is searched for each planted value, in every
 * form it could have been written in.
 */
class NothingInClearTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a database filled through the real flows with planted names, platform ids, time zones, "
            + "answers and distinctive times WHEN it is closed THEN no byte of the database, WAL or SHM holds any of "
            + "them, in UTF-8, UTF-16 (LE or BE), for a numeric id as decimal text or a 64-bit integer, for a time as "
            + "the decimal text of its epoch milliseconds or seconds, or its milliseconds as SQLite writes an integer")
    void nothingPlantedIsInClear() {
        Planted.fill(dir);
        assertTrue(Fixtures.filesContain(dir, "schema_version"), "control: the search reads the files");

        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (String name : List.of(Planted.MARIGOLD, Planted.THADDEUS, Planted.YSOLDE)) {
            text(needles, name);
            text(needles, TestBot.user(name).id());
        }
        for (var user : List.of(Planted.ONDINE, Planted.CASPIAN)) {
            text(needles, user.displayName());
            text(needles, user.id());
            needles.put(user.id() + " as a 64-bit integer", bigEndian(Long.parseLong(user.id()), 8));
        }
        text(needles, Planted.MARIGOLD_ZONE);
        text(needles, Planted.ONDINE_ZONE);
        Planted.answers().forEach(answer -> text(needles, answer));
        for (Instant time : distinctiveTimes()) {
            text(needles, Long.toString(time.toEpochMilli()));
            text(needles, Long.toString(time.getEpochSecond()));
            needles.put(time + " as a 48-bit integer", bigEndian(time.toEpochMilli(), 6));
            needles.put(time + " as a 64-bit integer", bigEndian(time.toEpochMilli(), 8));
        }

        List<String> found = new ArrayList<>();
        needles.forEach((what, bytes) -> {
            if (Fixtures.filesContain(dir, bytes)) {
                found.add(what);
            }
        });
        assertEquals(List.of(), found, "planted values readable without the key");
    }

    /**
     * When the session started and ended and the follow-up began (each check-in's creation, each
     * submission, the messages queued then), and what follows from them: each check-in's deadline,
     * the follow-up's due time and its reminder's. All fall on odd milliseconds, where no bucket
     * (always a whole minute) can land by chance.
     */
    private static List<Instant> distinctiveTimes() {
        CoreSettings settings = CoreSettings.defaults();
        List<Instant> times = new ArrayList<>(Planted.TIMES);
        Planted.TIMES.forEach(t -> times.add(t.plus(settings.expiry())));
        times.add(Planted.SESSION_END.plus(settings.followupDelay()));
        times.add(Planted.FOLLOWUP_START.plus(settings.reminder()));
        return times;
    }

    private static void text(Map<String, byte[]> needles, String value) {
        needles.put(value + " in UTF-8", value.getBytes(StandardCharsets.UTF_8));
        needles.put(value + " in UTF-16LE", value.getBytes(StandardCharsets.UTF_16LE));
        needles.put(value + " in UTF-16BE", value.getBytes(StandardCharsets.UTF_16BE));
    }

    /** How SQLite writes an integer: big-endian, in as many bytes as its serial type takes. */
    static byte[] bigEndian(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>= 8;
        }
        return out;
    }
}
