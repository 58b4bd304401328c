package app.afterglow.core;

import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rate limit is the platform saying when to come back, not a failure of the message. */
class RateLimitedDeliveryTest {
    private static final Duration WAIT = Duration.ofMillis(150);

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN the platform rate-limits a reply ten times in a row, asking each time to wait 150 ms WHEN the "
            + "outbox is drained each time that wait has passed THEN it is tried again each time, never held back by a "
            + "backoff that doubles, and goes out on the eleventh try")
    void aRateLimitedMessageIsTriedAgainOnceTheWaitAskedForHasPassed() {
        try (TestBot bot = new TestBot(dir)) {
            queueReplyToAlice(bot);
            List<Instant> tries = new ArrayList<>();
            Messenger limitedTenTimes = entry -> {
                tries.add(bot.now());
                return tries.size() <= 10 ? Messenger.Delivery.rateLimited("M_LIMIT_EXCEEDED (HTTP 429)", WAIT)
                        : Messenger.Delivery.DELIVERED;
            };

            bot.afterglow().deliver(Platform.CONSOLE, limitedTenTimes);
            for (int drain = 0; drain < 10; drain++) {
                bot.passTime(WAIT);
                bot.afterglow().deliver(Platform.CONSOLE, limitedTenTimes);
            }
            bot.passTime(Duration.ofDays(1));
            bot.afterglow().deliver(Platform.CONSOLE, limitedTenTimes);

            assertEquals(11, tries.size(), "every wait asked for was enough, and it went out once: " + tries);
            for (int n = 1; n < tries.size(); n++) {
                assertEquals(WAIT, Duration.between(tries.get(n - 1), tries.get(n)), "try " + (n + 1));
            }
        }
    }

    @Test
    @DisplayName("GIVEN the platform rate-limits a reply every time it is tried WHEN seven days have passed THEN it is "
            + "given up like any message that keeps failing, and not tried again")
    void aMessageRateLimitedForSevenDaysIsGivenUp() {
        try (TestBot bot = new TestBot(dir)) {
            queueReplyToAlice(bot);
            List<Instant> tries = new ArrayList<>();
            Messenger alwaysLimited = entry -> {
                tries.add(bot.now());
                return Messenger.Delivery.rateLimited("M_LIMIT_EXCEEDED (HTTP 429)", WAIT);
            };

            bot.afterglow().deliver(Platform.CONSOLE, alwaysLimited);
            bot.passTime(Duration.ofDays(6));
            bot.afterglow().deliver(Platform.CONSOLE, alwaysLimited);
            assertEquals(2, tries.size(), "still tried after six days");
            bot.passTime(Duration.ofDays(1));
            bot.afterglow().deliver(Platform.CONSOLE, alwaysLimited);
            bot.passTime(Duration.ofDays(1));
            bot.afterglow().deliver(Platform.CONSOLE, alwaysLimited);

            assertEquals(3, tries.size(), "given up on the try after seven days: " + tries);
            assertTrue(tries.get(2).isAfter(tries.get(0).plus(Duration.ofDays(7)).minusMillis(1)));
        }
    }

    /** Alice asks for help, queued as a platform that delivers everything from the outbox does. */
    private static void queueReplyToAlice(TestBot bot) {
        bot.afterglow().handle(Request.queued(TestBot.user("alice"), Context.PRIVATE,
                new Input.Run(new Command.Help()), "evt-help"));
    }
}
