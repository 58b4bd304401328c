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

/** A message's wait grows like an outage's only while nothing gets through to its platform. */
class FailingWhileOthersGoOutTest {
    private static final Messenger.Delivery SERVER_ERROR = Messenger.Delivery.retry("M_UNKNOWN (HTTP 500)");

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN bob's reply fails with a server error at every try while a reply to alice, queued each minute, "
            + "goes out WHEN a minute passes ten times THEN bob's reply is tried again every minute, not after a wait "
            + "that doubles towards an hour")
    void aMessageFailingWhileOthersGoOutIsTriedAgainEveryMinute() {
        try (TestBot bot = new TestBot(dir)) {
            List<Instant> bobsTries = new ArrayList<>();
            Messenger bobFails = entry -> {
                if (!entry.recipient().id().equals("bob")) {
                    return Messenger.Delivery.DELIVERED;
                }
                bobsTries.add(bot.now());
                return SERVER_ERROR;
            };
            queueHelpFor(bot, "bob", "evt-bob");

            bot.afterglow().deliver(Platform.CONSOLE, bobFails);
            for (int minute = 1; minute <= 10; minute++) {
                bot.passTime(Duration.ofMinutes(1));
                queueHelpFor(bot, "alice", "evt-alice-" + minute);
                bot.afterglow().deliver(Platform.CONSOLE, bobFails);
            }

            assertEquals(11, bobsTries.size(), bobsTries.toString());
        }
    }

    @Test
    @DisplayName("GIVEN nothing gets through to the platform WHEN a minute passes ten times THEN bob's reply waits 5 s, "
            + "then twice as long after each try, as through an outage")
    void aMessageFailingWhileNothingGoesOutWaitsTwiceAsLongEachTime() {
        try (TestBot bot = new TestBot(dir)) {
            List<Instant> tries = new ArrayList<>();
            Messenger allFail = entry -> {
                tries.add(bot.now());
                return SERVER_ERROR;
            };
            queueHelpFor(bot, "bob", "evt-bob");
            Instant start = bot.now();

            bot.afterglow().deliver(Platform.CONSOLE, allFail);
            for (int minute = 1; minute <= 10; minute++) {
                bot.passTime(Duration.ofMinutes(1));
                bot.afterglow().deliver(Platform.CONSOLE, allFail);
            }

            // Due 5 s, 10 s, 20 s, 40 s, 80 s, 160 s, then 320 s after each try, and tried on the next minute.
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 9L),
                    tries.stream().map(t -> Duration.between(start, t).toMinutes()).toList());
        }
    }

    private static void queueHelpFor(TestBot bot, String who, String key) {
        bot.afterglow().handle(Request.queued(TestBot.user(who), Context.PRIVATE, new Input.Run(new Command.Help()), key));
    }
}
