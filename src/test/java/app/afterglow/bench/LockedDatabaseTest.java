package app.afterglow.bench;

import app.afterglow.testing.Slow;
import app.afterglow.bench.Load.Kind;
import app.afterglow.bench.Load.Person;
import app.afterglow.storage.Database;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.StandInMessage;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, fault run: the database held by another process (a second connection in BEGIN
 * EXCLUSIVE) while people answer: shorter than the bot's busy timeout, then longer.
 */
@Timeout(120)
@Slow
class LockedDatabaseTest {
    private static final int COUPLES = 10;
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String RETRY = "Something went wrong on my side, so nothing changed";
    /**
     * Discord's limit for an interaction's first response. A bot that cannot answer while the
     * lock lasts acknowledges as its reply window (1.5 s) closes; the rest is the way there.
     */
    private static final double DISCORD_LIMIT_MS = 3_000;

    @RegisterExtension
    final FaultRun run = new FaultRun(COUPLES);

    @Test
    @DisplayName("GIVEN 10 couples at their first question WHEN the database is locked by another process for 3 s, "
            + "then for 8 s, while everyone answers THEN every interaction is answered or acknowledged within Discord's 3 s, whoever must "
            + "retry is told so, and after retrying nothing is lost")
    void lockedDatabase() throws Exception {
        Path data = run.data();
        DiscordStandIn standIn = run.standIn();
        Load load = run.load();
        Interactions timed = run.timed();
        ExecutorService people = run.people();
        run.startBot("bot.log");
        CheckinFlow flow = new CheckinFlow(load, timed, 0, System.nanoTime() + PHASE_NANOS);
        List<StandInMessage> at = answerAll(people, load, person -> flow.answerSome(person, 0));

        Interactions shortLock = new Interactions();
        standIn.observe(shortLock);
        int toldShort = answerWhileLocked(people, load, shortLock, at, data, 3_000);
        List<StandInMessage> second = answerAll(people, load, person -> newestQuestion(person, "2 of 7"));

        Interactions longLock = new Interactions();
        standIn.observe(longLock);
        int toldLong = answerWhileLocked(people, load, longLock, second, data, 8_000);

        List<Future<CheckinFlow.Outcome>> outcomes = new ArrayList<>();
        for (Person person : load.people) {
            outcomes.add(people.submit(() -> flow.carryOn(person)));
        }
        int lost = CheckinFlow.Outcome.lostAnswers(outcomes, PHASE_NANOS);
        System.out.printf("locked database: %d people answering; lock 3 s: %d interactions, max ack %.0f ms, "
                        + "%d told to retry; lock 8 s: %d interactions, max ack %.0f ms, %d told to retry; "
                        + "answers lost %d%n", load.people.size(), shortLock.latencies().count(),
                shortLock.latencies().max(), toldShort, longLock.latencies().count(), longLock.latencies().max(),
                toldLong, lost);
        for (Interactions locked : List.of(shortLock, longLock)) {
            assertEquals(0, locked.latencies().unanswered());
            assertTrue(locked.latencies().max() < DISCORD_LIMIT_MS, "acknowledged in time: " + locked.latencies().max());
        }
        assertEquals(0, toldShort, "a lock shorter than the busy timeout is waited out");
        assertEquals(0, lost);
    }

    /**
     * Everyone answers their question while another process holds the database for
     * {@code lockMillis}; whoever is told to retry does so once the lock is gone. Returns how
     * many were told.
     */
    private int answerWhileLocked(ExecutorService people, Load load, Interactions timed, List<StandInMessage> at,
                                  Path data, long lockMillis) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        Future<?> holder = people.submit(() -> {
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE_NAME));
                 Statement statement = db.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                locked.countDown();
                Thread.sleep(lockMillis);
                statement.execute("ROLLBACK");
            }
            return null;
        });
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        List<Future<Boolean>> told = new ArrayList<>();
        for (int i = 0; i < load.people.size(); i++) {
            Person person = load.people.get(i);
            StandInMessage question = at.get(i);
            told.add(people.submit(() -> {
                long deadline = System.nanoTime() + PHASE_NANOS;
                SentInteraction sent = click(load, timed, person, question);
                StandInMessage outcome = person.mailbox().await(m -> (m.id() == question.id()
                                && Mailboxes.differ(m, question)) || (Long.compareUnsigned(m.id(), sent.id()) > 0
                                && m.content().contains(RETRY)), deadline, "an answer or a request to retry");
                if (outcome.id() == question.id()) {
                    return false;
                }
                holder.get(PHASE_NANOS, TimeUnit.NANOSECONDS);
                StandInMessage current = person.mailbox().snapshot().stream().filter(m -> m.id() == question.id())
                        .findFirst().orElseThrow();
                click(load, timed, person, current);
                person.mailbox().await(m -> m.id() == question.id() && Mailboxes.differ(m, current), deadline,
                        "the answer after retrying");
                return true;
            }));
        }
        int count = 0;
        for (Future<Boolean> f : told) {
            count += f.get(PHASE_NANOS, TimeUnit.NANOSECONDS) ? 1 : 0;
        }
        holder.get(PHASE_NANOS, TimeUnit.NANOSECONDS);
        return count;
    }

    /**
     * Answers the question as the check-in flow would: the person's number on a scale (7 or 4),
     * else the first option of a menu.
     */
    private static SentInteraction click(Load load, Interactions timed, Person person, StandInMessage question) {
        String label = person.side() == 'a' ? "7" : "4";
        Optional<String> number = question.components(2).stream()
                .filter(c -> c.path("label").asText().equals(label) && c.path("custom_id").asText().startsWith("a|"))
                .map(c -> c.path("custom_id").asText()).findFirst();
        if (number.isPresent()) {
            return Load.send(timed, person, Kind.BUTTON,
                    () -> load.standIn.clickButton(person.user(), question, number.get()));
        }
        JsonNode menu = question.components(3).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("nothing to answer with on message " + question.id()));
        return Load.send(timed, person, Kind.SELECT, () -> load.standIn.selectMenu(person.user(), question,
                menu.path("custom_id").asText(), menu.path("options").get(0).path("value").asText()));
    }

    private static StandInMessage newestQuestion(Person person, String position) {
        StandInMessage found = null;
        for (StandInMessage m : person.mailbox().snapshot()) {
            if (m.content().contains(position)) {
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no question " + position);
        }
        return found;
    }

    private static List<StandInMessage> answerAll(ExecutorService people, Load load, PersonStep step) throws Exception {
        List<Future<StandInMessage>> futures = new ArrayList<>();
        for (Person person : load.people) {
            futures.add(people.submit(() -> step.run(person)));
        }
        List<StandInMessage> messages = new ArrayList<>();
        for (Future<StandInMessage> f : futures) {
            messages.add(f.get(PHASE_NANOS, TimeUnit.NANOSECONDS));
        }
        return messages;
    }

    @FunctionalInterface
    private interface PersonStep {
        StandInMessage run(Person person) throws Exception;
    }
}
