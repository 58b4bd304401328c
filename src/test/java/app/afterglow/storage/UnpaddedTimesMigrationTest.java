package app.afterglow.storage;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration 17 seals again, unpadded, every time an earlier version sealed padded. The database
 * is made through the real flows and its times then sealed as versions before 17 sealed them (the
 * digits as they come, padded to 541 bytes), so the times read afterwards can only come from what
 * the migration made of those.
 */
class UnpaddedTimesMigrationTest {
    /** Each column of times, its key and what names a row's value; a participation's is keyed by two columns. */
    private record TimeColumn(String table, String column, LongFunction<String> context) {
    }

    private static final List<TimeColumn> TIMES = List.of(
            new TimeColumn("partnership", "created", SqlitePartnershipStore::createdContext),
            new TimeColumn("session", "started", SqliteSessionStore::startedContext),
            new TimeColumn("session", "ended", SqliteSessionStore::endedContext),
            new TimeColumn("checkin", "created", SqliteCheckinStore::createdContext),
            new TimeColumn("checkin", "expires", SqliteCheckinStore::expiresContext),
            new TimeColumn("job", "due", SqliteJobStore::context),
            new TimeColumn("outbox", "due", SqliteOutbox::dueContext),
            new TimeColumn("outbox", "first_failed", SqliteOutbox::firstFailedContext),
            new TimeColumn("seen_event", "seen", SqliteSeenEvents::context));

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("GIVEN a database whose every time (partnership, session, check-in, submission, job, queued message and "
            + "its first failure, a seen event) is sealed padded as before version 17 WHEN this version opens it THEN every time takes "
            + "47 bytes and opens to the time it was, and the file is smaller")
    void everyPaddedTimeIsSealedAgainUnpadded() throws SQLException, IOException {
        fill();
        Encryptor encryptor = new Encryptor(new KeyFile(dir).read(), random);
        SealedTimes times = new SealedTimes(encryptor);
        Map<String, Instant> before = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            for (TimeColumn c : TIMES) {
                for (Map.Entry<Long, byte[]> value : values(db, c.table(), "id", c.column()).entrySet()) {
                    String context = c.context().apply(value.getKey());
                    Instant time = times.open(value.getValue(), context);
                    before.put(context, time);
                    sealPadded(db, c.table(), c.column(), "id = " + value.getKey(), encryptor, time, context);
                }
            }
            try (PreparedStatement read = db.prepareStatement(
                    "SELECT checkin_id, person_id, submitted FROM participation WHERE submitted IS NOT NULL");
                 ResultSet row = read.executeQuery()) {
                while (row.next()) {
                    String context = SqliteCheckinStore.submittedContext(row.getLong(1), new PersonId(row.getLong(2)));
                    Instant time = times.open(row.getBytes(3), context);
                    before.put(context, time);
                    sealPadded(db, "participation", "submitted",
                            "checkin_id = " + row.getLong(1) + " AND person_id = " + row.getLong(2), encryptor, time, context);
                }
            }
            db.createStatement().executeUpdate("DELETE FROM schema_version WHERE version = 17; VACUUM;");
        }
        for (String kind : List.of("partnership.created", "session.started", "session.ended", "checkin.created",
                "checkin.expires", "participation.submitted", "job.due", "outbox.due", "outbox.first_failed", "seen_event.seen")) {
            assertTrue(before.keySet().stream().anyMatch(context -> context.startsWith(kind + " of ")),
                    "control: some " + kind + " in " + before.keySet());
        }
        long padded = Files.size(dir.resolve(Database.FILE_NAME));

        Fixtures.open(dir).close();

        Map<String, Instant> after = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            for (TimeColumn c : TIMES) {
                for (Map.Entry<Long, byte[]> value : values(db, c.table(), "id", c.column()).entrySet()) {
                    String context = c.context().apply(value.getKey());
                    assertEquals(47, value.getValue().length, context);
                    after.put(context, times.open(value.getValue(), context));
                }
            }
            try (PreparedStatement read = db.prepareStatement(
                    "SELECT checkin_id, person_id, submitted FROM participation WHERE submitted IS NOT NULL");
                 ResultSet row = read.executeQuery()) {
                while (row.next()) {
                    String context = SqliteCheckinStore.submittedContext(row.getLong(1), new PersonId(row.getLong(2)));
                    assertEquals(47, row.getBytes(3).length, context);
                    after.put(context, times.open(row.getBytes(3), context));
                }
            }
        }
        assertEquals(before, after);
        long unpadded = Files.size(dir.resolve(Database.FILE_NAME));
        assertTrue(unpadded < padded, "the file went from " + padded + " to " + unpadded + " bytes");
    }

    /** A couple's session with both check-ins sent, an open follow-up, messages queued, one that failed, an event seen. */
    private void fill() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "session start");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.BEFORE, "alice before");
            Fixtures.answerFirstText(bot, "bob", CheckinKind.BEFORE, "bob before");
            bot.command("bob", "session end");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.AFTER, "alice after");
            Fixtures.answerFirstText(bot, "bob", CheckinKind.AFTER, "bob after");
            bot.advance(Duration.ofHours(20));
        }
        try (SqliteStorage storage = Fixtures.open(dir)) {
            PersonId alice = Fixtures.tx(storage, () -> new Sql(storage.database())
                    .one("SELECT id FROM person ORDER BY id LIMIT 1", row -> new PersonId(row.getLong(1)))).orElseThrow();
            storage.stores().transactions().run(() -> {
                for (int i = 0; i < 3; i++) {
                    storage.stores().outbox().add(Message.of(alice, Line.text("queued " + i)),
                            TestBot.START.plus(Duration.ofDays(300)), Optional.empty(), Optional.empty());
                }
                long failing = storage.stores().outbox().due(Platform.CONSOLE, TestBot.START.plus(Duration.ofDays(301)), 1)
                        .get(0).id();
                storage.stores().outbox().retryLater(failing, TestBot.START.plus(Duration.ofDays(301)),
                        TestBot.START.plus(Duration.ofDays(302)));
                storage.stores().seenEvents().firstSight("MATRIX:$seen-before-version-17", TestBot.START);
            });
        }
    }

    private static Map<Long, byte[]> values(Connection db, String table, String key, String column) throws SQLException {
        Map<Long, byte[]> values = new LinkedHashMap<>();
        try (PreparedStatement read = db.prepareStatement(
                "SELECT " + key + ", " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL");
             ResultSet row = read.executeQuery()) {
            while (row.next()) {
                values.put(row.getLong(1), row.getBytes(2));
            }
        }
        return values;
    }

    /** As versions before 17 sealed a time: its epoch milliseconds as they come, padded like any value. */
    private static void sealPadded(Connection db, String table, String column, String where, Encryptor encryptor,
                                   Instant time, String context) throws SQLException {
        byte[] padded = encryptor.seal(Long.toString(time.toEpochMilli()).getBytes(StandardCharsets.US_ASCII), context);
        try (PreparedStatement write = db.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + where)) {
            write.setBytes(1, padded);
            assertEquals(1, write.executeUpdate(), context);
        }
    }
}
