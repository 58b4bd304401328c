package app.afterglow.storage;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.store.Stores;
import app.afterglow.core.util.Digest;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static app.afterglow.storage.Fixtures.tx;
import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, the migration: a database made by version 7 — by the flows of {@link Planted}, run on
 * the code as it was at that version, and kept as SQL under {@code src/test/resources/storage/v7} with
 * its key — upgrades in place, loses nothing, and keeps nothing in clear that is now sealed.
 */
class SealingMigrationTest {
    private static final int PEOPLE = 5;
    /** In the version 7 database: Marigold and Thaddeus's partnership, and Ondine and Caspian's. */
    private static final long CONSOLE_PARTNERSHIP = 1;
    private static final long DISCORD_PARTNERSHIP = 3;

    private static final String DM_KEY = Digest.of("@ondinefarrowmere-v7:matrix.example.org");
    private static final String DM_ROOM = "!dmroom-v7:matrix.example.org";
    private static final String TOKEN_KEY = "access_token:@afterglow-bot-v7:matrix.example.org";
    private static final String EARLY_EVENT = "MATRIX:$k7QwPlanted";
    private static final String LATE_EVENT = "DISCORD:1183920475612345678";
    private static final Instant EARLY_SEEN = Planted.SESSION_START.plusMillis(12_345);
    private static final Instant LATE_SEEN = EARLY_SEEN.plusMillis(60_001);

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a database made by version 7 through the real flows WHEN this version opens it THEN every person "
            + "is found by platform id with their name, zone and quiet hours, the answers and queued messages read back, "
            + "and no name, platform id, zone or time is left in any of its files, nor any number near a time")
    void aVersionSevenDatabaseIsSealedInPlace() throws IOException, SQLException {
        Planted.versionSeven(dir);
        assertTrue(Fixtures.filesContain(dir, Planted.MARIGOLD), "control: version 7 kept names in clear");
        assertTrue(Fixtures.filesContain(dir, Planted.ONDINE.id()), "control: and platform ids");
        assertTrue(Fixtures.filesContain(dir, NothingInClearTest.bigEndian(Planted.SESSION_START.toEpochMilli(), 6)),
                "control: and times, as 48-bit integers");

        assertEverythingKept();
        assertEquals(List.of(), NothingInClearTest.numbersNearPlantedTimes(dir), "numbers that tell when the session was");
    }

    @Test
    @DisplayName("GIVEN a database made by version 7 WHEN the migration is stopped after two of its people THEN storage "
            + "does not open and the database is as it was; WHEN it opens again THEN the migration completes and "
            + "nothing is lost")
    void anInterruptedMigrationCompletesOnTheNextStart() throws IOException, SQLException {
        Planted.versionSeven(dir);
        AtomicInteger converted = new AtomicInteger();
        Runnable killedAfterTwo = () -> {
            if (converted.incrementAndGet() == 2) {
                throw new IllegalStateException("killed half-way");
            }
        };

        StorageException failed = assertThrows(StorageException.class,
                () -> SqliteStorage.open(dir, Optional.empty(), killedAfterTwo));

        assertTrue(failed.getMessage().contains("V8__Seal_person_identity"), failed.getMessage());
        assertEquals(List.of("7"), DatabaseTest.rawStrings(dir, "SELECT max(version) FROM schema_version"));
        assertEquals(List.of(Planted.MARIGOLD), DatabaseTest.rawStrings(dir,
                "SELECT display_name FROM person WHERE platform_user_id = '" + Planted.MARIGOLD.toLowerCase() + "'"));
        assertEquals(List.of(String.valueOf(PEOPLE)), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM person"));

        assertEverythingKept();
    }

    @Test
    @DisplayName("GIVEN a database made by version 7 WHEN the migrations are stopped in the second, after the first "
            + "committed THEN the database is at version 8, its people sealed; WHEN it opens again THEN the rest "
            + "completes, the file is rebuilt, and nothing is lost")
    void aMigrationStoppedAfterAnotherCommittedCompletesOnTheNextStart() throws IOException, SQLException {
        Planted.versionSeven(dir);
        AtomicInteger converted = new AtomicInteger();
        Runnable killedInTheSecond = () -> {
            if (converted.incrementAndGet() == PEOPLE + 1) {
                throw new IllegalStateException("killed half-way");
            }
        };

        StorageException failed = assertThrows(StorageException.class,
                () -> SqliteStorage.open(dir, Optional.empty(), killedInTheSecond));

        assertTrue(failed.getMessage().contains("V9__Seal_times"), failed.getMessage());
        assertEquals(List.of("8"), DatabaseTest.rawStrings(dir, "SELECT max(version) FROM schema_version"));
        assertEquals(List.of("1"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM meta WHERE name = 'vacuum_due'"),
                "the rebuild is still owed");

        assertEverythingKept();
        assertEquals(List.of("0"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM meta WHERE name = 'vacuum_due'"));
    }

    @Test
    @DisplayName("GIVEN a database made by version 7 with adapter state keyed by a Matrix id's plain digest and by the "
            + "bot's own id, and seen events, in the shape they had up to version 10 WHEN this version opens it THEN "
            + "each value is found under its namespace and key, each seen event is refused when delivered again and "
            + "forgotten in the order it was seen, and no key, digest, event id or seen time is left in any file")
    void adapterStateAndSeenEventsAreKeyedInPlace() throws IOException, SQLException {
        Planted.versionSeven(dir);
        Encryptor encryptor = new Encryptor(new KeyFile(dir).read(), new SecureRandom());
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            for (String[] state : List.of(new String[] {"matrix.dm", DM_KEY, DM_ROOM},
                    new String[] {"matrix", TOKEN_KEY, "syt-token-of-version-seven"})) {
                try (PreparedStatement insert = db.prepareStatement(
                        "INSERT INTO adapter_state (namespace, key, value) VALUES (?, ?, ?)")) {
                    insert.setString(1, state[0]);
                    insert.setString(2, state[1]);
                    insert.setBytes(3, encryptor.seal(state[2].getBytes(StandardCharsets.UTF_8),
                            SqliteAdapterState.context(state[0], state[1])));
                    insert.executeUpdate();
                }
            }
            // Seen later, though first by key: the migration numbers them by time.
            for (Map.Entry<String, Instant> event : Map.of(EARLY_EVENT, EARLY_SEEN, LATE_EVENT, LATE_SEEN).entrySet()) {
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO seen_event (key, seen_at) VALUES (?, ?)")) {
                    insert.setString(1, event.getKey());
                    insert.setLong(2, event.getValue().toEpochMilli());
                    insert.executeUpdate();
                }
            }
        }
        assertTrue(Fixtures.filesContain(dir, DM_KEY), "control: version 7 kept adapter keys in clear");
        assertTrue(Fixtures.filesContain(dir, NothingInClearTest.bigEndian(EARLY_SEEN.toEpochMilli(), 6)),
                "control: and seen times");

        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            assertEquals(Optional.of(DM_ROOM), tx(storage, () -> stores.adapterState().get("matrix.dm", DM_KEY)));
            assertEquals(Optional.of("syt-token-of-version-seven"),
                    tx(storage, () -> stores.adapterState().get("matrix", TOKEN_KEY)));
            assertFalse(tx(storage, () -> stores.seenEvents().firstSight(EARLY_EVENT, LATE_SEEN)), "refused");
            assertFalse(tx(storage, () -> stores.seenEvents().firstSight(LATE_EVENT, LATE_SEEN)), "refused");
            stores.transactions().run(() -> stores.seenEvents().forgetBefore(EARLY_SEEN.plusMillis(1)));
            assertTrue(tx(storage, () -> stores.seenEvents().firstSight(EARLY_EVENT, LATE_SEEN)), "forgotten");
            assertFalse(tx(storage, () -> stores.seenEvents().firstSight(LATE_EVENT, LATE_SEEN)), "kept");
        }
        assertEquals(List.of("V11__Key_adapter_state_and_seen_events"),
                DatabaseTest.rawStrings(dir, "SELECT name FROM schema_version WHERE version = 11"));
        for (String planted : List.of(DM_KEY, TOKEN_KEY, "@afterglow-bot-v7", EARLY_EVENT, LATE_EVENT, "$k7QwPlanted")) {
            assertFalse(Fixtures.filesContain(dir, planted), "left in clear: " + planted);
        }
        for (Instant time : List.of(EARLY_SEEN, LATE_SEEN)) {
            assertFalse(Fixtures.filesContain(dir, NothingInClearTest.bigEndian(time.toEpochMilli(), 6)),
                    "left in clear: " + time);
        }
    }

    private void assertEverythingKept() throws SQLException {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Person marigold = found(storage, TestBot.user(Planted.MARIGOLD));
            assertEquals(ZoneId.of(Planted.MARIGOLD_ZONE), marigold.zone());
            assertEquals(QuietHours.parse(Planted.QUIET), marigold.quietHours());
            found(storage, TestBot.user(Planted.THADDEUS));
            found(storage, TestBot.user(Planted.YSOLDE));
            assertEquals(ZoneId.of(Planted.ONDINE_ZONE), found(storage, Planted.ONDINE).zone());
            found(storage, Planted.CASPIAN);
            List<OutboxEntry> queued = tx(storage, () -> storage.stores().outbox().due(
                    Platform.DISCORD, Planted.FOLLOWUP_START.plusSeconds(86_400L * 30), 100));
            assertTrue(queued.stream().anyMatch(e -> e.recipient().equals(Planted.ONDINE)), "queued for Ondine");
            assertTrue(queued.stream().anyMatch(e -> e.recipient().equals(Planted.CASPIAN)), "queued for Caspian");
            assertTimesKept(storage);
        }
        assertEquals(List.of(String.valueOf(Migrations.bundled().latest())),
                DatabaseTest.rawStrings(dir, "SELECT max(version) FROM schema_version"));
        assertEquals(List.of(String.valueOf(PEOPLE)), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM person"));
        try (TestBot bot = new TestBot(dir)) {
            String history = plain(bot.command(Planted.MARIGOLD, "history"));
            for (String answer : Planted.answers(CheckinKind.AFTER, Planted.THADDEUS)) {
                assertTrue(history.contains(answer), "a revealed answer reads back: " + answer);
            }
        }
        for (String planted : List.of(Planted.MARIGOLD, Planted.MARIGOLD.toLowerCase(), Planted.THADDEUS,
                Planted.YSOLDE.toLowerCase(), Planted.ONDINE.id(), Planted.ONDINE.displayName(), Planted.CASPIAN.id(),
                Planted.MARIGOLD_ZONE, Planted.ONDINE_ZONE)) {
            assertFalse(Fixtures.filesContain(dir, planted), "left in clear: " + planted);
        }
        for (Instant time : Planted.TIMES) {
            assertFalse(Fixtures.filesContain(dir, NothingInClearTest.bigEndian(time.toEpochMilli(), 6)),
                    "left in clear: " + time);
        }
    }

    /** The times version 7 kept in clear, read back from their seals. */
    private static void assertTimesKept(SqliteStorage storage) {
        Stores stores = storage.stores();
        assertEquals(Planted.SESSION_START, tx(storage, () -> stores.sessions().open(DISCORD_PARTNERSHIP))
                .orElseThrow().startedAt(), "the Discord couple's session, still going");
        PersonId marigold = found(storage, TestBot.user(Planted.MARIGOLD)).id();
        List<Checkin> console = tx(storage, () -> stores.checkins().forPerson(marigold)).stream()
                .filter(c -> c.partnershipId().equals(Optional.of(CONSOLE_PARTNERSHIP))).toList();
        assertEquals(List.of(Planted.FOLLOWUP_START, Planted.SESSION_END, Planted.SESSION_START),
                console.stream().map(Checkin::createdAt).toList(), "newest first");
        console.forEach(c -> assertEquals(c.createdAt().plus(CoreSettings.defaults().expiry()), c.expiresAt()));
        Checkin after = console.get(1);
        assertEquals(List.of(Optional.of(Planted.SESSION_END), Optional.of(Planted.SESSION_END)),
                tx(storage, () -> stores.checkins().participations(after.id())).stream()
                        .map(Participation::submittedAt).toList());
        List<Instant> due = tx(storage, () -> stores.jobs().due(Planted.FOLLOWUP_START.plus(Duration.ofDays(30)), 100))
                .stream().map(Job::dueAt).toList();
        assertEquals(5, due.size(), "every job: " + due);
        assertTrue(due.contains(Planted.SESSION_START.plus(CoreSettings.defaults().expiry())), "a deadline: " + due);
        assertTrue(due.contains(Planted.FOLLOWUP_START.plus(CoreSettings.defaults().expiry())), "another: " + due);
    }

    private static Person found(SqliteStorage storage, PlatformUser user) {
        Person person = tx(storage, () -> storage.stores().people().find(user)).orElseThrow(() -> new AssertionError(
                "not found by platform id: " + user.displayName()));
        assertEquals(user, person.user());
        return person;
    }
}
