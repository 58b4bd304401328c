package app.afterglow.testing;

import app.afterglow.testing.discord.StandInUser;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * The Discord tests' set-up, as a JUnit extension on a {@code @RegisterExtension} field: before
 * each test a {@link DiscordTestBot} — stand-in, storage in a directory of its own, the bot
 * connected with its commands registered — and two people, alice and bob, in its server; after
 * it, the bot and stand-in closed and the directory deleted. One instance per test class, used
 * from the test thread.
 */
public final class DiscordPair implements BeforeEachCallback, AfterEachCallback {
    private Path dir;
    private DiscordTestBot bot;
    private StandInUser alice;
    private StandInUser bob;

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = ScratchDir.create("afterglow-discord");
        bot = DiscordTestBot.start(dir);
        alice = bot.person("alice");
        bob = bot.person("bob");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (bot != null) {
                bot.close();
            }
        } finally {
            ScratchDir.delete(dir);
        }
    }

    public DiscordTestBot bot() {
        return bot;
    }

    public StandInUser alice() {
        return alice;
    }

    public StandInUser bob() {
        return bob;
    }
}
