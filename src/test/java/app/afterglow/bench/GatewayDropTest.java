package app.afterglow.bench;

import app.afterglow.testing.Slow;
import app.afterglow.bench.Load.Person;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.GatewayFrame;
import app.afterglow.testing.discord.StandInMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 5, fault run: the gateway connection cut again and again in the middle of the load. */
@Timeout(120)
@Slow
class GatewayDropTest {
    private static final int COUPLES = 20;
    private static final int DROPS = 8;
    private static final long DROP_EVERY_MILLIS = 700;
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @RegisterExtension
    final FaultRun run = new FaultRun(COUPLES);

    @Test
    @DisplayName("GIVEN 20 couples going through check-ins WHEN the gateway is cut every 0.7 s, 8 times THEN every "
            + "interaction is answered once, every message arrives once, and every reveal holds every answer")
    void gatewayDroppedRepeatedly() throws Exception {
        DiscordStandIn standIn = run.standIn();
        Load load = run.load();
        Interactions timed = run.timed();
        ExecutorService people = run.people();
        run.startBot("bot.log");
        CheckinFlow flow = new CheckinFlow(load, timed, 100, System.nanoTime() + PHASE_NANOS);
        AtomicBoolean done = new AtomicBoolean();
        Future<Integer> cutter = people.submit(() -> {
            int cut = 0;
            while (cut < DROPS && !done.get()) {
                Thread.sleep(DROP_EVERY_MILLIS);
                standIn.dropGateway();
                cut++;
            }
            return cut;
        });
        List<Future<CheckinFlow.Outcome>> outcomes = new ArrayList<>();
        for (int couple = 0; couple < COUPLES; couple++) {
            int c = couple;
            outcomes.add(people.submit(() -> flow.inviter(c)));
            outcomes.add(people.submit(() -> flow.invitee(c)));
        }
        int lost = CheckinFlow.Outcome.lostAnswers(outcomes, PHASE_NANOS);
        done.set(true);
        int cuts = cutter.get(10, TimeUnit.SECONDS);
        long resumes = standIn.gatewayFrames().stream().filter(f -> f.op() == GatewayFrame.RESUME).count();

        int duplicated = 0;
        for (Person person : load.people) {
            List<StandInMessage> dm = person.mailbox().snapshot();
            for (String once : List.of("what you both shared", person.side() == 'a' ? "said yes"
                    : "would like to be check-in partners")) {
                duplicated += (int) Math.max(0, dm.stream().filter(m -> m.content().contains(once)).count() - 1);
            }
            if (person.side() == 'b') {
                assertEquals(1, dm.stream().filter(m -> m.content().contains("could use, right now")).count());
            }
        }
        Latencies latencies = timed.latencies();
        System.out.printf("gateway drops: %d couples, %d interactions, gateway cut %d times (%d resumes); "
                        + "unanswered %d, answered twice %d, duplicate messages %d, answers lost %d, max ack %.0f ms%n",
                COUPLES, latencies.count(), cuts, resumes, latencies.unanswered(), timed.repeatedCallbacks(),
                duplicated, lost, latencies.max());
        assertTrue(cuts >= 3, "the gateway was cut during the load");
        assertEquals(0, latencies.unanswered());
        assertEquals(0, timed.repeatedCallbacks());
        assertEquals(0, duplicated);
        assertEquals(0, lost);
        assertEquals(0, load.mailboxes.misdelivered());
    }
}
