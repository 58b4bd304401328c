package app.afterglow.storage;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Stores;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static app.afterglow.storage.Fixtures.filesContain;
import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, retention: {@code data.keep_checkins_days} erases what is old, for real, and nothing else. */
class RetentionTest {
    private static final String OLD = "planted-old-answer-e81d";
    private static final String RECENT = "planted-recent-answer-5a02";
    private static final CoreSettings KEEP_30_DAYS =
            CoreSettings.defaults().withoutQuietHours().keepingCheckinsFor(Duration.ofDays(30));

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN check-ins kept 30 days, a session with its before and after check-ins answered, and its "
            + "follow-up still open when the bot is down for 40 days WHEN the ticker runs THEN the old closed check-ins, "
            + "their answers' ciphertext and the session are gone from every file, the open follow-up stays until it "
            + "has closed and aged; a recent check-in stays")
    void erasesOnlyWhatIsOldAndClosed() {
        try (TestBot bot = new TestBot(dir, KEEP_30_DAYS); SqliteStorage reader = Fixtures.open(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "session start");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.BEFORE, OLD);
            Fixtures.answerFirstText(bot, "bob", CheckinKind.BEFORE, "bob-before");
            bot.command("alice", "session end");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.AFTER, OLD);
            Fixtures.answerFirstText(bot, "bob", CheckinKind.AFTER, "bob-after");
            assertTrue(plain(bot.command("alice", "history")).contains(OLD), "control: the history shows it");
            List<byte[]> oldCiphertexts = column(reader, "SELECT progress FROM participation");
            assertEquals(4, oldCiphertexts.size());
            assertTrue(filesContain(dir, oldCiphertexts.get(0)), "control: the search finds ciphertext");
            bot.advance(Duration.ofHours(21));
            assertEquals(3L, count(reader, "SELECT count(*) FROM checkin"), "the follow-up has opened");

            bot.passTime(Duration.ofDays(40));
            bot.settle();

            assertEquals(List.of("EXPIRED"), strings(reader, "SELECT status FROM checkin"),
                    "the follow-up was open when erasure ran, so it stayed, and only then closed");
            assertEquals(0L, count(reader, "SELECT count(*) FROM session"));
            assertFalse(plain(bot.command("alice", "history")).contains(OLD));
            for (byte[] ciphertext : oldCiphertexts) {
                assertFalse(filesContain(dir, ciphertext), "an erased answer's ciphertext is gone from every file");
            }
            assertFalse(filesContain(dir, OLD));

            bot.command("alice", "checkin after");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.AFTER, RECENT);
            Fixtures.answerFirstText(bot, "bob", CheckinKind.AFTER, "bob-recent");
            bot.advance(Duration.ofDays(1));

            assertEquals(List.of("REVEALED"), strings(reader, "SELECT status FROM checkin"),
                    "the closed follow-up, now old, went; the recent one stays");
            assertTrue(plain(bot.command("alice", "history")).contains(RECENT));
            assertEquals(0L, count(reader, "SELECT count(*) FROM outbox"));
        }
    }

    @Test
    @DisplayName("GIVEN check-ins kept 30 days and aftercare preferences saved twice WHEN 40 days pass THEN the "
            + "preferences saved last stay and still show to the partner at a session's start; the form they "
            + "replaced is erased from every file")
    void savedPreferencesOutliveRetentionUntilReplaced() {
        try (TestBot bot = new TestBot(dir, KEEP_30_DAYS); SqliteStorage reader = Fixtures.open(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "prefs");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.PREFS, OLD);
            bot.advance(Duration.ofDays(2));
            bot.command("alice", "prefs");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.PREFS, RECENT);
            assertEquals(List.of("SAVED", "SAVED"), strings(reader, "SELECT status FROM checkin ORDER BY id"),
                    "control: the first form is still kept");

            bot.passTime(Duration.ofDays(40));
            bot.settle();

            assertEquals(List.of("SAVED"), strings(reader, "SELECT status FROM checkin"));
            assertFalse(filesContain(dir, OLD), "the replaced preferences are gone from every file");
            String toBob = plain(bot.command("bob", "session start"));
            assertTrue(toBob.contains("What helps alice come down") && toBob.contains(RECENT), toBob);
        }
    }

    @Test
    @DisplayName("GIVEN queued messages WHEN erasing what was queued before a cutoff THEN one first due, or first "
            + "failed, before it goes, and one due later or retried from a recent failure stays")
    void oldQueuedMessagesGo() {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            PersonId ana = Fixtures.person(storage, "1", "Ana").id();
            Instant cutoff = Fixtures.T0.plus(Duration.ofDays(10));
            stores.transactions().run(() -> {
                stores.outbox().add(Message.of(ana, Line.text("old")), Fixtures.T0);
                stores.outbox().add(Message.of(ana, Line.text("failing since long, retried soon")), Fixtures.T0);
                stores.outbox().add(Message.of(ana, Line.text("failed recently")), Fixtures.T0);
                stores.outbox().add(Message.of(ana, Line.text("due later")), cutoff.plusSeconds(60));
            });
            List<Long> ids = Fixtures.tx(storage, () -> new Sql(storage.database())
                    .list("SELECT id FROM outbox ORDER BY id", row -> row.getLong(1)));
            stores.transactions().run(() -> {
                stores.outbox().retryLater(ids.get(1), Fixtures.T0, cutoff.plusSeconds(60));
                stores.outbox().retryLater(ids.get(2), cutoff.plusSeconds(1), cutoff.plusSeconds(60));
            });

            int erased = Fixtures.tx(storage, () -> stores.outbox().eraseQueuedBefore(cutoff));

            assertEquals(2, erased);
            assertEquals(List.of(ids.get(2), ids.get(3)), Fixtures.tx(storage, () -> new Sql(storage.database())
                    .list("SELECT id FROM outbox ORDER BY id", row -> row.getLong(1))));
        }
    }

    @Test
    @DisplayName("GIVEN closed check-ins made while the clock went forward and then back (ids no longer in the order "
            + "of time), an open old one, and sessions likewise WHEN erasing what closed before a cutoff THEN exactly "
            + "the closed ones whose deadline, or end, came before it go: never a young one, never an open one, and "
            + "nothing of an erased one stays opened in memory")
    void aClockThatWentBackNeverErasesAYoungRow() {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            PersonId ana = Fixtures.person(storage, "1", "Ana").id();
            PersonId ben = Fixtures.person(storage, "2", "Ben").id();
            long partnership = Fixtures.tx(storage, () -> stores.partnerships().create(ana, ben, Fixtures.T0).id());
            Instant t0 = Fixtures.T0;
            Instant cutoff = t0.plus(Duration.ofDays(10));
            List<Instant> made = List.of(t0, t0.plus(Duration.ofDays(20)), t0.plus(Duration.ofDays(1)),
                    t0.plus(Duration.ofDays(9)), t0.plus(Duration.ofDays(2)), t0.plus(Duration.ofDays(30)));
            List<Long> checkins = made.stream().map(at -> Fixtures.tx(storage,
                    () -> Fixtures.checkin(stores, Optional.of(partnership), List.of(ana, ben), at).id())).toList();
            stores.transactions().run(() -> checkins.stream().filter(id -> !id.equals(checkins.get(4)))
                    .forEach(id -> stores.checkins().updateStatus(id, CheckinStatus.REVEALED)));
            List<Long> sessions = made.stream().map(at -> Fixtures.tx(storage, () -> {
                long id = stores.sessions().start(partnership, at).id();
                stores.sessions().end(id, at.plus(Duration.ofHours(2)));
                return id;
            })).toList();

            Set<Long> goes = Set.of(checkins.get(0), checkins.get(2));
            OpenedValues<SqliteCheckinStore.Seat, Progress> progresses = storage.keptOpen().progresses;
            assertTrue(progresses.keepsAny(seat -> goes.contains(seat.checkinId())), "kept as they were written");
            int checkinsErased = Fixtures.tx(storage, () -> stores.checkins().eraseClosedBefore(cutoff));
            assertFalse(progresses.keepsAny(seat -> goes.contains(seat.checkinId())), "kept after their erasure");
            assertTrue(progresses.keepsAny(seat -> seat.checkinId() == checkins.get(1)), "a staying one is still kept");
            int sessionsErased = Fixtures.tx(storage, () -> stores.sessions().eraseEndedBefore(cutoff));

            assertEquals(List.of(checkins.get(1), checkins.get(3), checkins.get(4), checkins.get(5)),
                    longs(storage, "SELECT id FROM checkin ORDER BY id"),
                    "made on day 0 and day 1: gone; day 9 closes on day 11, day 2 is still open: both stay");
            assertEquals(2, checkinsErased);
            assertEquals(List.of(sessions.get(1), sessions.get(5)), longs(storage, "SELECT id FROM session ORDER BY id"),
                    "every session that ended before day 10 went, whatever its place among the ids");
            assertEquals(4, sessionsErased);
        }
    }

    private static List<Long> longs(SqliteStorage reader, String query) {
        return Fixtures.tx(reader, () -> new Sql(reader.database()).list(query, row -> row.getLong(1)));
    }

    private static List<byte[]> column(SqliteStorage reader, String query) {
        return Fixtures.tx(reader, () -> new Sql(reader.database()).list(query, row -> row.getBytes(1)));
    }

    private static List<String> strings(SqliteStorage reader, String query) {
        return Fixtures.tx(reader, () -> new Sql(reader.database()).list(query, row -> row.getString(1)));
    }

    private static long count(SqliteStorage reader, String query) {
        return Fixtures.tx(reader, () -> new Sql(reader.database()).one(query, row -> row.getLong(1))).orElseThrow();
    }
}
