package app.afterglow.bench;

import app.afterglow.testing.Slow;
import app.afterglow.bench.Load.Kind;
import app.afterglow.bench.Load.Person;
import app.afterglow.storage.Database;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.StandInMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5, fault run: the bot's process killed in the middle of the load, then started again. */
@Timeout(120)
@Slow
class CrashRestartTest {
    private static final int COUPLES = 20;
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @RegisterExtension
    final FaultRun run = new FaultRun(COUPLES);

    @Test
    @DisplayName("GIVEN 20 couples mid check-in with written answers in flight WHEN the bot is killed with SIGKILL and "
            + "started again THEN nothing it confirmed is lost, every check-in carries on to a full reveal, and a "
            + "reminder that fell due while it was down is sent, once")
    void killedMidLoadAndStartedAgain() throws Exception {
        Path data = run.data();
        DiscordStandIn standIn = run.standIn();
        Load load = run.load();
        Interactions timed = run.timed();
        ExecutorService people = run.people();
        ChildJvm first = run.startBot("first.log");
        CheckinFlow flow = new CheckinFlow(load, timed, 0, System.nanoTime() + PHASE_NANOS);
        List<Future<StandInMessage>> answered = new ArrayList<>();
        for (Person person : load.people) {
            answered.add(people.submit(() -> flow.answerSome(person, 3)));
        }
        List<StandInMessage> atFirstText = new ArrayList<>();
        for (Future<StandInMessage> f : answered) {
            atFirstText.add(f.get(PHASE_NANOS, TimeUnit.NANOSECONDS));
        }
        // Everyone opens the form for their first written answer, then all send at once; the kill follows.
        List<Map.Entry<String, String>> forms = new ArrayList<>();
        for (int i = 0; i < load.people.size(); i++) {
            forms.add(load.openForm(timed, load.people.get(i), atFirstText.get(i)));
        }
        for (int i = 0; i < load.people.size(); i++) {
            Person person = load.people.get(i);
            StandInMessage question = atFirstText.get(i);
            Map.Entry<String, String> form = forms.get(i);
            Load.send(timed, person, Kind.MODAL, () -> standIn.submitModal(person.user(), question,
                    form.getKey(), Map.of(form.getValue(),
                            "Noted for the bench " + Markers.of(person.couple(), person.side(), 1))));
        }
        int inFlight = load.people.size();
        // Killed once about a quarter are confirmed: the rest are queued, mid-way or not yet acknowledged.
        long killBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (confirmed(load) < inFlight / 4 && System.nanoTime() < killBy) {
            Thread.sleep(1);
        }
        first.kill();
        int confirmedBeforeKill = confirmed(load);
        int remindersDue = makeRemindersDue(data);

        run.startBot("second.log");
        // Each reminder comes before its person carries on: one arriving after they sent the check-in is
        // dropped. Answering on it then edits it into the next step, so it is counted as it arrives.
        long remindedBy = System.nanoTime() + PHASE_NANOS;
        int reminded = 0;
        for (Person person : load.people) {
            person.mailbox().await(m -> m.content().contains("A gentle nudge"), remindedBy, "the reminder");
            reminded++;
        }
        CheckinFlow carryingOn = new CheckinFlow(load, timed, 0, System.nanoTime() + PHASE_NANOS);
        List<Future<CheckinFlow.Outcome>> outcomes = new ArrayList<>();
        for (Person person : load.people) {
            outcomes.add(people.submit(() -> carryingOn.carryOn(person)));
        }
        int lost = CheckinFlow.Outcome.lostAnswers(outcomes, PHASE_NANOS);
        for (Person person : load.people) {
            List<StandInMessage> dm = person.mailbox().snapshot();
            assertTrue(dm.stream().filter(m -> m.content().contains("A gentle nudge")).count() <= 1,
                    "no reminder sent twice");
            StandInMessage reveal = dm.stream().filter(m -> m.content().contains("what you both shared"))
                    .findFirst().orElseThrow();
            assertTrue(reveal.content().contains("7 of 10") && reveal.content().contains("4 of 10"),
                    "both scale answers from before the kill are in the reveal");
        }
        System.out.printf("crash-restart: %d couples, %d written answers in flight at SIGKILL, %d confirmed "
                        + "before it; %d reminders due while down, %d sent; answers lost %d, misdelivered %d%n",
                COUPLES, inFlight, confirmedBeforeKill, remindersDue, reminded, lost,
                load.mailboxes.misdelivered());
        assertEquals(0, lost, "answers lost");
        assertEquals(0, load.mailboxes.misdelivered(), "answers misdelivered");
        assertEquals(remindersDue, reminded, "each reminder due while down is sent once");
        assertEquals(2 * COUPLES, remindersDue);
    }

    /** People whose first written answer the bot confirmed, by moving them on to the next question. */
    private static int confirmed(Load load) {
        return (int) load.people.stream()
                .filter(p -> p.mailbox().snapshot().stream().anyMatch(m -> m.content().contains("5 of 7")))
                .count();
    }


    /**
     * While the bot is down, time passes for its reminders: every one falls due now, as after a long
     * outage. Due times are sealed, so they are moved through the store, with the bot's key file.
     */
    private static int makeRemindersDue(Path data) throws Exception {
        List<Long> reminders = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.FILE_NAME));
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM job WHERE kind = 'REMIND'")) {
            while (rows.next()) {
                reminders.add(rows.getLong(1));
            }
        }
        try (SqliteStorage storage = SqliteStorage.open(data, Optional.empty())) {
            storage.stores().transactions().run(() -> reminders.forEach(id -> storage.stores().jobs()
                    .reschedule(id, Instant.EPOCH)));
        }
        return reminders.size();
    }
}
