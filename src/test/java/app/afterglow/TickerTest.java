package app.afterglow;

import app.afterglow.core.Command;
import app.afterglow.core.Context;
import app.afterglow.core.Input;
import app.afterglow.core.Request;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.storage.Heartbeat;
import app.afterglow.testing.Await;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ticker of a bot serving two platforms, one of which stops answering. */
@Timeout(60)
class TickerTest {
    private static final PlatformUser MATRIX_PERSON = PlatformUser.human(Platform.MATRIX, "@alice:local", "alice");
    private static final PlatformUser DISCORD_PERSON = PlatformUser.human(Platform.DISCORD, "101", "bob");
    private static final PlatformUser OTHER_DISCORD_PERSON = PlatformUser.human(Platform.DISCORD, "102", "carol");

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a homeserver that never answers a send WHEN the bot keeps ticking THEN Discord's messages, "
            + "queued before and after, go out, the ticks and their heartbeat go on, Matrix's message is tried once "
            + "at a time; and a stop interrupts the hung send, which waits in the outbox for the next start")
    void aPlatformThatStopsAnsweringHoldsUpNeitherTheTicksNorAnotherPlatform() throws Exception {
        try (TestBot bot = new TestBot(dir)) {
            queue(bot, MATRIX_PERSON, "m1");
            queue(bot, DISCORD_PERSON, "d1");
            Hangs homeserver = new Hangs();
            Records discord = new Records();
            Path heartbeat = Files.createDirectory(dir.resolve("data")).resolve(Heartbeat.FILE_NAME);
            Ticker ticker = new Ticker(bot.afterglow(), new Heartbeat(heartbeat.getParent(), Clock.systemUTC()));
            try {
                ticker.deliverTo(Platform.MATRIX, homeserver);
                ticker.deliverTo(Platform.DISCORD, discord);
                ticker.start(Duration.ofMillis(50));

                Await.until(Duration.ofSeconds(10), "Matrix's send under way", () -> homeserver.tries.get() == 1);
                Await.until(Duration.ofSeconds(10), "Discord's first message", () -> discord.to.size() == 1);
                queue(bot, OTHER_DISCORD_PERSON, "d2");
                Await.until(Duration.ofSeconds(10), "Discord's message queued while Matrix hangs", () -> discord.to.size() == 2);
                Files.delete(heartbeat);
                Await.until(Duration.ofSeconds(10), "a heartbeat after Matrix hung", () -> Files.exists(heartbeat));

                assertEquals(List.of("101", "102"), discord.to);
                assertEquals(1, homeserver.tries.get(), "a tick leaves Matrix's delivery under way to finish");
            } finally {
                assertTimeoutPreemptively(Duration.ofSeconds(15), ticker::close);
            }

            assertTrue(homeserver.interrupted.get(), "the stop interrupted the hung send");
            bot.passTime(Duration.ofMinutes(5));
            Records afterRestart = new Records();
            assertEquals(1, bot.afterglow().deliver(Platform.MATRIX, afterRestart), "Matrix's message kept for the next start");
            assertEquals(List.of("@alice:local"), afterRestart.to);
        }
    }

    private static void queue(TestBot bot, PlatformUser who, String eventId) {
        bot.afterglow().handle(Request.queued(who, Context.PRIVATE, new Input.Run(new Command.Help()), eventId));
    }

    /** A platform that takes every message at once, and records whom it went to. */
    private static final class Records implements Messenger {
        final List<String> to = new CopyOnWriteArrayList<>();

        @Override
        public Delivery deliver(OutboxEntry entry) {
            to.add(entry.recipient().id());
            return Delivery.DELIVERED;
        }
    }

    /** A platform whose every send waits until the thread making it is interrupted. */
    private static final class Hangs implements Messenger {
        final AtomicInteger tries = new AtomicInteger();
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public Delivery deliver(OutboxEntry entry) {
            tries.incrementAndGet();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            }
            return Delivery.retry("interrupted");
        }
    }
}
