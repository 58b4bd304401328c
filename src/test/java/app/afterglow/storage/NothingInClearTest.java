package app.afterglow.storage;

import app.afterglow.core.Command;
import app.afterglow.core.Context;
import app.afterglow.core.CoreSettings;
import app.afterglow.core.Input;
import app.afterglow.core.Request;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.util.Digest;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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

    /** A Matrix person, the bot's own Matrix id, her DM room and an event of hers, as the Matrix adapter knows them. */
    private static final PlatformUser MATRIX_PERSON = PlatformUser.human(Platform.MATRIX,
            "@ysoldecarraway-m4:matrix.example.org", "Ysolde on Matrix");
    private static final String MATRIX_BOT = "@afterglow-bot-m4:matrix.example.org";
    private static final String DM_ROOM = "!dmroom-m4:matrix.example.org";
    private static final String EVENT_ID = "$plantedEvent-m4Qz";
    /** Seen on an odd millisecond, days after everything else. */
    private static final Instant EVENT_SEEN = Planted.FOLLOWUP_START.plusMillis(3 * 86_400_000L + 7_654_321L);

    @Test
    @DisplayName("GIVEN a database filled through the real flows with planted names, platform ids, time zones, "
            + "answers and distinctive times, and a Matrix person's event and adapter state kept as the Matrix adapter "
            + "keeps them WHEN it is closed THEN no byte of the database, WAL or SHM holds any of them, nor an adapter "
            + "key, nor the plain digest of a Matrix id or room, nor the event's id, in UTF-8, UTF-16 (LE or BE), for "
            + "a numeric id as decimal text or a 64-bit integer, for a time as the decimal text of its epoch "
            + "milliseconds or seconds, or its milliseconds as SQLite writes an integer")
    void nothingPlantedIsInClear() {
        Planted.fill(dir);
        plantMatrixRecords();
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
        for (String matrix : List.of(MATRIX_PERSON.id(), MATRIX_PERSON.displayName(), MATRIX_BOT, DM_ROOM, EVENT_ID,
                "access_token:" + MATRIX_BOT)) {
            text(needles, matrix);
            text(needles, Digest.of(matrix));
        }
        text(needles, Platform.MATRIX + ":" + EVENT_ID);
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

    @Test
    @DisplayName("GIVEN a database filled through the real flows around a session ended at a planted time, with its "
            + "follow-up, reminders and queued messages still pending WHEN every value of every table is read without "
            + "the key THEN no number in it, nor any number written as text, is within three days of any planted time "
            + "or of what follows from them, counted in milliseconds, seconds, minutes or hours: no bucket, however "
            + "coarse, tells when the session was")
    void noColumnHoldsATimeNearTheSession() throws SQLException {
        Planted.fill(dir);
        assertEquals(List.of(), numbersNearPlantedTimes(dir), "numbers that tell when the session was");
    }

    /**
     * Every number in every table (and every text that is a whole number) within three days of a
     * planted time or of what follows from it, in milliseconds, seconds, minutes or hours.
     */
    static List<String> numbersNearPlantedTimes(Path dataDir) throws SQLException {
        List<String> near = new ArrayList<>();
        int numbers = 0;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME));
             Statement statement = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            Object value = rows.getObject(column);
                            Long number = value instanceof Number n ? Long.valueOf(n.longValue())
                                    : value instanceof String text && text.matches("-?[0-9]{1,18}") ? Long.valueOf(text)
                                    : null;
                            if (number == null) {
                                continue;
                            }
                            numbers++;
                            for (Instant time : distinctiveTimes()) {
                                if (nearInAnyUnit(number, time)) {
                                    near.add(table + "." + rows.getMetaData().getColumnName(column) + " = " + number
                                            + " is near " + time);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(numbers > 50, "control: the numbers were read: " + numbers);
        return near;
    }

    private static boolean nearInAnyUnit(long number, Instant time) {
        long window = Duration.ofDays(3).toMillis();
        for (long unit : new long[]{1, 1_000, 60_000, 3_600_000}) {
            if (Math.abs(number - time.toEpochMilli() / unit) <= window / unit) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Matrix person's command, handled once for its event id at {@link #EVENT_SEEN}, and the keys
     * the Matrix adapter keeps for her and for itself (a DM room by the digest of her id, its owner by
     * the digest of the room, the bot's token by its own id).
     */
    private void plantMatrixRecords() {
        try (TestBot bot = new TestBot(dir)) {
            bot.passTime(Duration.between(bot.now(), EVENT_SEEN));
            bot.afterglow().handle(Request.once(MATRIX_PERSON, Context.PRIVATE, new Input.Run(new Command.Help()), EVENT_ID));
            assertTrue(bot.afterglow().handle(Request.once(MATRIX_PERSON, Context.PRIVATE,
                    new Input.Run(new Command.Help()), EVENT_ID)).here().isEmpty(), "control: the event was recorded");
        }
        try (SqliteStorage storage = Fixtures.open(dir)) {
            storage.stores().transactions().run(() -> {
                storage.stores().adapterState().put("matrix.dm", Digest.of(MATRIX_PERSON.id()), DM_ROOM);
                storage.stores().adapterState().put("matrix.dm-owner", Digest.of(DM_ROOM), MATRIX_PERSON.id());
                storage.stores().adapterState().put("matrix", "access_token:" + MATRIX_BOT, "syt-planted-token");
            });
        }
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
        times.add(EVENT_SEEN);
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
