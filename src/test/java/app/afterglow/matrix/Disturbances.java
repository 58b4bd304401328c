package app.afterglow.matrix;

import app.afterglow.core.CoreSettings;
import app.afterglow.testing.MatrixTestBot;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * What befalls the bot between two people's steps in the Matrix replies models, now and then: a
 * restart, or a jump of its clock. The first jump goes past every unfinished person's reminder,
 * which brings a check-in back to their screen or announces it as waiting; the others are a few
 * minutes each, so that the next day's follow-up never opens.
 */
final class Disturbances {
    private static final Duration REMINDER = CoreSettings.defaults().reminder().plusMinutes(1);

    private final MatrixTestBot bot;
    private boolean reminded;

    /** @param bot a bot without quiet hours, so that a reminder comes as soon as it is due */
    Disturbances(MatrixTestBot bot) {
        this.bot = Objects.requireNonNull(bot, "bot");
    }

    /** One time in twenty restarts the bot, one in twenty moves its clock; whether either happened. */
    boolean strike(Random random) throws InterruptedException {
        int event = random.nextInt(20);
        if (event == 0) {
            bot.restart();
            return true;
        }
        if (event == 1) {
            bot.advance(reminded ? Duration.ofMinutes(1 + random.nextInt(30)) : REMINDER);
            reminded = true;
            return true;
        }
        return false;
    }
}
