package app.afterglow.core;

import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.testing.Await;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform whose every send waits for its answer takes several people's messages at once when
 * it says it can, never one person's two at once, and each person's in the order they were queued.
 */
@Timeout(30)
class ConcurrentDeliveryTest {
    /** About a platform's round trip; long enough that sends made at once overlap. */
    private static final long SEND_MILLIS = 100;
    private static final AtomicInteger EVENTS = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN replies queued for twelve people, three of them for alice, on a platform that can take several "
            + "at once WHEN the outbox is drained THEN several people's go out at once, never more than eight, and "
            + "alice's one at a time, in the order they were queued")
    void severalPeopleAtOnceEachInTurn() {
        try (TestBot bot = new TestBot(dir)) {
            queueFor(bot, "alice", 3);
            queueForPeople(bot, 11);
            Sends sends = new Sends(true);

            int delivered = bot.afterglow().deliver(Platform.CONSOLE, sends);

            assertEquals(14, delivered);
            assertTrue(sends.mostAtOnce() >= 2, "at once: " + sends.mostAtOnce());
            assertTrue(sends.mostAtOnce() <= 8, "at once: " + sends.mostAtOnce());
            List<Long> alices = sends.to("alice");
            assertEquals(3, alices.size());
            List<Long> queued = new ArrayList<>(alices);
            Collections.sort(queued);
            assertEquals(queued, alices, "alice's in the order they were queued");
            assertEquals(1, sends.mostAtOnceFor("alice"), "alice's one at a time");
            assertEquals(0, bot.afterglow().deliver(Platform.CONSOLE, sends), "nothing left or sent twice");
        }
    }

    @Test
    @DisplayName("GIVEN replies queued for twelve people on a platform that does not say it can take several at once "
            + "WHEN the outbox is drained THEN they go out one at a time")
    void oneAtATimeUnlessThePlatformSaysOtherwise() {
        try (TestBot bot = new TestBot(dir)) {
            queueForPeople(bot, 12);
            Sends sends = new Sends(false);

            assertEquals(12, bot.afterglow().deliver(Platform.CONSOLE, sends));

            assertEquals(1, sends.mostAtOnce());
        }
    }

    @Test
    @DisplayName("GIVEN twelve people's replies going out, each send taking five seconds, WHEN the thread draining "
            + "the outbox is told to stop THEN the sends under way give up, the drain returns once they have, and "
            + "every reply waits for the next start")
    void aStopReachesTheSendsUnderWay() throws InterruptedException {
        try (TestBot bot = new TestBot(dir)) {
            queueForPeople(bot, 12);
            Sends slow = new Sends(true, 5_000);
            AtomicInteger delivered = new AtomicInteger(-1);
            AtomicInteger underWayAtReturn = new AtomicInteger(-1);
            AtomicBoolean passedOn = new AtomicBoolean();
            Thread draining = new Thread(() -> {
                delivered.set(bot.afterglow().deliver(Platform.CONSOLE, slow));
                underWayAtReturn.set(slow.underWay());
                passedOn.set(Thread.interrupted());
            });
            draining.start();
            Await.until(Duration.ofSeconds(10), "eight sends under way", () -> slow.underWay() == 8);

            draining.interrupt();
            draining.join(3_000);

            assertFalse(draining.isAlive(), "the drain returned without waiting out the sends");
            assertEquals(0, delivered.get());
            assertEquals(0, underWayAtReturn.get(), "no send still under way when the drain returned");
            assertTrue(passedOn.get(), "the stop is passed on");
            bot.passTime(Duration.ofHours(2));
            assertEquals(12, bot.afterglow().deliver(Platform.CONSOLE, new Sends(true)), "all twelve at the next start");
        }
    }

    @Test
    @DisplayName("GIVEN alice's five replies going out a fifth of a second each, and bob's one, WHEN one for carol and "
            + "a sixth for alice are queued meanwhile and the drain is told THEN carol's goes out in that drain while "
            + "alice's are still going, and alice's six go one at a time, in the order they were queued")
    void whatIsQueuedMeanwhileGoesOutBesideASlowLane() throws InterruptedException {
        try (TestBot bot = new TestBot(dir)) {
            queueFor(bot, "alice", 5);
            queueFor(bot, "bob", 1);
            Sends sends = new Sends(true, 200);
            AtomicInteger delivered = new AtomicInteger(-1);
            Thread draining = new Thread(() -> delivered.set(bot.afterglow().deliver(Platform.CONSOLE, sends)));
            draining.start();
            Await.until(Duration.ofSeconds(10), "alice's first reply under way", () -> sends.underWayFor("alice") == 1);

            queueFor(bot, "carol", 1);
            queueFor(bot, "alice", 1);
            bot.afterglow().moreQueued(Platform.CONSOLE);
            draining.join(10_000);

            assertEquals(8, delivered.get(), "all eight in the one drain");
            List<String> finished = sends.finishedInOrder();
            assertTrue(finished.indexOf("carol") < finished.lastIndexOf("alice") - 2, "carol's beside alice's: " + finished);
            List<Long> alices = sends.to("alice");
            List<Long> queued = new ArrayList<>(alices);
            Collections.sort(queued);
            assertEquals(6, alices.size());
            assertEquals(queued, alices, "alice's in the order they were queued");
            assertEquals(1, sends.mostAtOnceFor("alice"), "alice's one at a time");
        }
    }

    @Test
    @DisplayName("GIVEN a homeserver taking five seconds over every send and Matrix's outbox being drained on all "
            + "its lanes WHEN Discord's outbox is drained THEN Discord's messages go out at once, without waiting "
            + "for Matrix's")
    void onePlatformsSlowSendsHoldUpNoOther() throws InterruptedException {
        try (TestBot bot = new TestBot(dir)) {
            for (int person = 1; person <= 12; person++) {
                queueFor(bot, PlatformUser.human(Platform.MATRIX, "@person" + person + ":local", "person" + person), 1);
            }
            for (int person = 1; person <= 2; person++) {
                queueFor(bot, PlatformUser.human(Platform.DISCORD, "10" + person, "person" + person), 1);
            }
            Sends homeserver = new Sends(true, 5_000);
            Thread matrix = new Thread(() -> bot.afterglow().deliver(Platform.MATRIX, homeserver));
            matrix.start();
            try {
                Await.until(Duration.ofSeconds(10), "Matrix's lanes all sending", () -> homeserver.underWay() == 8);
                Sends discord = new Sends(true);

                int delivered = assertTimeoutPreemptively(Duration.ofSeconds(3),
                        () -> bot.afterglow().deliver(Platform.DISCORD, discord));

                assertEquals(2, delivered);
                assertEquals(2, discord.mostAtOnce(), "Discord's two on lanes of their own, side by side");
                assertEquals(8, homeserver.underWay(), "Matrix's sends were still under way");
            } finally {
                matrix.interrupt();
                matrix.join(5_000);
            }
        }
    }

    /** Queues one reply each for {@code count} people. */
    private static void queueForPeople(TestBot bot, int count) {
        for (int person = 1; person <= count; person++) {
            queueFor(bot, "person" + person, 1);
        }
    }

    /** Queues {@code count} replies for {@code who}, as a platform that delivers everything from the outbox. */
    private static void queueFor(TestBot bot, String who, int count) {
        queueFor(bot, TestBot.user(who), count);
    }

    private static void queueFor(TestBot bot, PlatformUser who, int count) {
        for (int i = 0; i < count; i++) {
            bot.afterglow().handle(Request.queued(who, Context.PRIVATE,
                    new Input.Run(new Command.Help()), "evt-" + EVENTS.incrementAndGet()));
        }
    }

    /** A platform whose every send takes a while; records what was sent to whom, and how many at once. */
    private static final class Sends implements Messenger {
        private final boolean severalAtOnce;
        private final long sendMillis;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();
        private final Map<String, AtomicInteger> inFlightFor = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> mostFor = new ConcurrentHashMap<>();
        private final Map<String, List<Long>> sent = new ConcurrentHashMap<>();
        private final List<String> finished = new CopyOnWriteArrayList<>();

        Sends(boolean severalAtOnce) {
            this(severalAtOnce, SEND_MILLIS);
        }

        Sends(boolean severalAtOnce, long sendMillis) {
            this.severalAtOnce = severalAtOnce;
            this.sendMillis = sendMillis;
        }

        @Override
        public Delivery deliver(OutboxEntry entry) {
            String who = entry.recipient().id();
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            AtomicInteger theirs = inFlightFor.computeIfAbsent(who, w -> new AtomicInteger());
            mostFor.computeIfAbsent(who, w -> new AtomicInteger()).accumulateAndGet(theirs.incrementAndGet(), Math::max);
            try {
                Thread.sleep(sendMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Delivery.retry("interrupted");
            } finally {
                theirs.decrementAndGet();
                inFlight.decrementAndGet();
            }
            sent.computeIfAbsent(who, w -> Collections.synchronizedList(new ArrayList<>())).add(entry.id());
            finished.add(who);
            return Delivery.DELIVERED;
        }

        @Override
        public boolean deliversToSeveralAtOnce() {
            return severalAtOnce;
        }

        int underWay() {
            return inFlight.get();
        }

        int underWayFor(String who) {
            AtomicInteger theirs = inFlightFor.get(who);
            return theirs == null ? 0 : theirs.get();
        }

        /** Whom each delivered reply went to, in the order their sends ended. */
        List<String> finishedInOrder() {
            return List.copyOf(finished);
        }

        int mostAtOnce() {
            return most.get();
        }

        int mostAtOnceFor(String who) {
            return mostFor.get(who).get();
        }

        List<Long> to(String who) {
            return List.copyOf(sent.get(who));
        }
    }
}
