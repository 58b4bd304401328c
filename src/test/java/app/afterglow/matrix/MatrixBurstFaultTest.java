package app.afterglow.matrix;

import app.afterglow.testing.BotLogOnFailure;
import app.afterglow.testing.Slow;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.matrix.BotAccount;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static app.afterglow.matrix.Conversations.body;
import static app.afterglow.matrix.Conversations.fromBot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, fault run: the homeserver answering 429 and 500 in bursts, to sends and to syncs,
 * while several couples go through their check-ins over Matrix.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Slow
@ExtendWith(BotLogOnFailure.class)
class MatrixBurstFaultTest {
    private static final int COUPLES = 12;
    /**
     * Bursts follow one another for as long as the couples are at it, at most this many: each
     * lasts until all its failures were met, then the homeserver answers normally for
     * {@link #QUIET}. (Failures queued faster than requests meet them would be an outage, not a burst.)
     */
    private static final int MAX_BURSTS = 200;
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration REVEAL_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN 12 couples answering their aftercare check-ins at once WHEN, all the while, the homeserver "
            + "answers sends and syncs with bursts of 429 and 500, some after the send took effect, 300 ms apart THEN no "
            + "message is posted twice and every reveal holds every answer")
    void burstsOfRateLimitsAndServerErrors() throws Exception {
        try (MatrixStandIn standIn = MatrixStandIn.launch()) {
            BotAccount account = standIn.botAccount(MatrixTestBot.BOT, MatrixTestBot.BOT_PASSWORD);
            List<SimulatedUser> people = new ArrayList<>();
            for (int couple = 0; couple < COUPLES; couple++) {
                people.add(standIn.register("@c" + couple + "a:local", "C" + couple + "a"));
                people.add(standIn.register("@c" + couple + "b:local", "C" + couple + "b"));
            }
            MatrixTestBot bot = new MatrixTestBot(dir, MatrixTestBot.config(standIn, account, List.of("*:local")))
                    .busyFor(standIn).start();
            ExecutorService pool = Executors.newFixedThreadPool(COUPLES + 2);
            try {
                List<List<String>> rooms = new ArrayList<>();
                for (int couple = 0; couple < COUPLES; couple++) {
                    rooms.add(Conversations.partners(people.get(2 * couple), people.get(2 * couple + 1)));
                }
                AtomicBoolean done = new AtomicBoolean();
                AtomicInteger bursts = new AtomicInteger();
                Future<Integer> faults = pool.submit(() -> {
                    int injected = 0;
                    while (bursts.get() < MAX_BURSTS && !done.get()) {
                        standIn.failNext(4, 429, "/send/", Duration.ofMillis(150));
                        standIn.failNext(4, 500, "/send/");
                        standIn.failNextAfterHandling(2, 500, "/send/");
                        standIn.failNext(2, 500, "/sync");
                        standIn.failNext(2, 429, "/sync", Duration.ofMillis(150));
                        injected += 14;
                        bursts.incrementAndGet();
                        for (int wait = 0; wait < 100 && standIn.failuresPending() > 0 && !done.get(); wait++) {
                            Thread.sleep(50);
                        }
                        Thread.sleep(QUIET.toMillis());
                    }
                    return injected;
                });
                // The outbox tries a failed send again after a back-off, by the bot's clock, which the
                // test moves: a minute every half second stands for the real ticker.
                Future<?> ticker = pool.submit(() -> {
                    while (!done.get()) {
                        Thread.sleep(500);
                        bot.advance(Duration.ofMinutes(1));
                    }
                    return null;
                });
                List<Future<?>> couples = new ArrayList<>();
                for (int couple = 0; couple < COUPLES; couple++) {
                    int c = couple;
                    couples.add(pool.submit(() -> {
                        SimulatedUser a = people.get(2 * c);
                        SimulatedUser b = people.get(2 * c + 1);
                        a.say(rooms.get(c).get(0), "!afterglow checkin after");
                        a.awaitMessage(m -> body(m).contains("1 of 7"), REVEAL_WAIT);
                        b.awaitMessage(m -> body(m).contains("1 of 7"), REVEAL_WAIT);
                        answer(a, rooms.get(c).get(0), c, 'a');
                        answer(b, rooms.get(c).get(1), c, 'b');
                        for (SimulatedUser who : List.of(a, b)) {
                            String reveal = body(who.awaitMessage(m -> body(m).contains("what you both shared"), REVEAL_WAIT));
                            for (char side : new char[]{'a', 'b'}) {
                                for (int n = 1; n <= 4; n++) {
                                    assertTrue(reveal.contains(marker(c, side, n)), "reveal to " + who.userId()
                                            + " misses answer " + n + " of " + side);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> couple : couples) {
                    couple.get(REVEAL_WAIT.toSeconds() * 2, TimeUnit.SECONDS);
                }
                done.set(true);
                int injected = faults.get(10, TimeUnit.SECONDS);
                ticker.get(10, TimeUnit.SECONDS);
                int duplicated = 0;
                int received = 0;
                for (SimulatedUser who : people) {
                    List<String> bodies = fromBot(who);
                    Set<String> distinct = new HashSet<>(bodies);
                    received += bodies.size();
                    duplicated += bodies.size() - distinct.size();
                    assertEquals(1, bodies.stream().filter(m -> m.contains("what you both shared")).count());
                }
                long failed = standIn.requests().stream().filter(r -> r.status() == 429 || r.status() >= 500).count();
                System.out.printf("matrix bursts: %d couples, %d faults queued in %d bursts, %d requests answered 429 or "
                        + "5xx; %d messages received, %d posted twice; every reveal complete%n",
                        COUPLES, injected, bursts.get(), failed, received, duplicated);
                assertTrue(failed >= bursts.get(), "the faults were met");
                assertEquals(0, duplicated, "no message posted twice");
            } finally {
                pool.shutdownNow();
                bot.close();
            }
        }
    }

    /**
     * The whole aftercare check-in in replies, each sent once the bot's answer to the one before
     * has arrived: a number, two picks twice, four written answers, share all, submit.
     */
    private static void answer(SimulatedUser who, String room, int couple, char side) throws InterruptedException {
        for (String line : List.of(side == 'a' ? "7" : "4", "1 2", "1 2", "written " + marker(couple, side, 1),
                "written " + marker(couple, side, 2), "written " + marker(couple, side, 3),
                "written " + marker(couple, side, 4), "share all", "submit")) {
            who.sayAndAwaitReply(room, line, REVEAL_WAIT);
        }
    }

    private static String marker(int couple, char side, int n) {
        return "zq" + couple + side + n + "qz";
    }
}
