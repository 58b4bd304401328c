package app.afterglow.storage;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sealed due times of waiting work are opened ahead of the tick or delivery that looks for it:
 * at a start, before the bot serves anyone, and while many messages are queued in a row. Opening
 * them all in the tick or delivery would hold the database, and every answer, while it did. What is
 * left to open shows in the change notes the tables' triggers write and each catch-up empties.
 */
class DueTimesOpenedAheadTest {
    private static final int WAITING = 80;

    @TempDir
    Path dir;

    private SqliteStorage storage;

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    @DisplayName("GIVEN jobs and queued messages from an earlier run WHEN the storage opens THEN every one's time is "
            + "opened already, none left for the first tick or delivery, and they find exactly what is due, in their order")
    void theStartListsWhatWaitsSoTheFirstTickNeedNot() {
        storage = Fixtures.open(dir);
        Person ana = Fixtures.person(storage, "1", "Ana");
        List<Job> jobs = new ArrayList<>();
        // In the order queued, which is the order they go out in.
        List<Instant> messageTimes = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            Instant due = T0.plusSeconds((i * 37L) % WAITING);
            jobs.add(tx(storage, () -> storage.stores().jobs().schedule(new Job(0, Job.Kind.REMIND, due, Optional.empty(),
                    Optional.of(ana.id()), Optional.empty(), Optional.empty()))));
            messageTimes.add(due);
            storage.stores().transactions().run(() -> storage.stores().outbox().add(
                    Message.of(ana.id(), Line.text("waiting since " + due)), due));
        }
        assertEquals(WAITING, notes("job_change"), "written and not yet opened");
        assertEquals(WAITING, notes("outbox_change"), "written and not yet opened");
        storage.close();

        storage = Fixtures.open(dir);
        Stores stores = storage.stores();
        assertEquals(0, notes("job_change"), "the jobs, opened as the storage opened");
        assertEquals(0, notes("outbox_change"), "the queue, opened as the storage opened");

        Instant now = T0.plusSeconds(WAITING / 2);
        List<Job> due = tx(storage, () -> stores.jobs().due(now, WAITING));
        List<OutboxEntry> queued = tx(storage, () -> stores.outbox().due(Platform.DISCORD, now, WAITING));

        assertEquals(jobs.stream().filter(j -> !j.dueAt().isAfter(now))
                .sorted(Comparator.comparing(Job::dueAt).thenComparing(Job::id)).toList(), due);
        assertEquals(messageTimes.stream().filter(t -> !t.isAfter(now)).toList(),
                queued.stream().map(OutboxEntry::notBefore).toList());
    }

    @Test
    @DisplayName("GIVEN thousands of messages queued with no delivery between, as a tick's reminders are WHEN the next "
            + "delivery looks THEN it has at most a few hundred new ones left to open, and finds every one due")
    void aTickFullOfRemindersLeavesTheNextDeliveryLittleToOpen() {
        storage = Fixtures.open(dir);
        Person ana = Fixtures.person(storage, "1", "Ana");
        int queued = 2_345;
        storage.stores().transactions().run(() -> {
            for (int i = 0; i < queued; i++) {
                storage.stores().outbox().add(Message.of(ana.id(), Line.text("reminder " + i)), T0);
            }
        });
        long left = notes("outbox_change");
        assertTrue(left < 500, left + " messages left for the delivery to open");

        List<OutboxEntry> due = tx(storage, () -> storage.stores().outbox().due(Platform.DISCORD, T0, 10_000));
        assertEquals(queued, due.size());
        assertEquals(IntStream.range(0, queued).mapToObj(i -> "reminder " + i).toList(),
                due.stream().map(e -> e.message().lines().get(0).plain()).toList());
    }

    /** Rows of {@code table}, one of the change notes' tables. */
    private long notes(String table) {
        Sql sql = new Sql(storage.database());
        return tx(storage, () -> sql.one("SELECT count(*) FROM " + table, row -> row.getLong(1)).orElseThrow());
    }
}
