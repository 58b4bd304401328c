package app.afterglow.discord;

import app.afterglow.discord.RepliesScenario.Result;
import app.afterglow.discord.RepliesVariant.Variant;
import app.afterglow.testing.FirstDifference;
import app.afterglow.testing.Seeds;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Rule 7 of the consent rule where Discord changes how words reach a check-in: answers come as
 * button clicks, menu picks and form submits whose custom ids name the check-in and the step, so
 * an older message, a copied id, the server channel or Discord delivering an interaction twice
 * could each file words where they were not given; and "send now", a pause, quiet hours and the end
 * of a partnership are how words leave a check-in early, wait, or must stop. {@link RepliesScenario} drives random people
 * through the real bot and the Discord stand-in, {@link RepliesOracle} judges every step from
 * what people did and were shown, and {@link RepliesVariant} re-runs the seed with one person's
 * private choices changed, where nobody else's transcript may change. {@code -Ddiscord.model.seeds=N}
 * runs seeds 1…N, {@code -Ddiscord.model.seed=S} replays one; a failure's whole report and each
 * step's acts and messages go to target/discord-model/.
 */
@Slow
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DiscordRepliesModelTest {
    private static final int DEFAULT_SEEDS = 6;
    private static final int SHOWN = 8;

    static LongStream seeds() {
        return Seeds.of("discord.model", DEFAULT_SEEDS);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random couples and a triad answering check-ins at once through Discord's buttons, menus and forms, "
            + "with clicks on older messages, ids copied from other people's messages, clicks in the server channel, "
            + "interactions delivered twice or together, needs sent at once, pauses, quiet hours, a partnership ended midway, "
            + "and time passing WHEN the bot files them THEN every answer lands "
            + "only at the step of the check-in it was given at, none is lost, a reveal holds only what both shared, a stale "
            + "or copied click changes nothing and says so, a need reaches only the partner it was sent to, a pause resumes "
            + "where it was, nothing of a partnership reaches either after it ended, scheduled messages wait out quiet hours "
            + "and arrive once, and one person's private choices change nothing anyone else sees")
    void everyAnswerLandsOnlyWhereItWasGiven(long seed) {
        Result run = RepliesScenario.generate(seed);
        List<String> problems = new ArrayList<>();
        run.violations().forEach(v -> problems.add(v.toString()));
        // A run that broke the rule already fails; its variant would only repeat what went wrong.
        RepliesVariant.of(run).filter(v -> problems.isEmpty()).ifPresent(variant -> {
            Result changed = RepliesScenario.replay(seed, run.people(), variant.script());
            changed.violations().forEach(v -> problems.add("in the run " + variant.description() + ": " + v));
            problems.addAll(differences(run, changed, variant));
        });
        if (!problems.isEmpty()) {
            fail(report(run, problems));
        }
    }

    /** Everyone but the variant's person must have been shown exactly the same, line for line. */
    private static List<String> differences(Result original, Result changed, Variant variant) {
        List<String> found = new ArrayList<>();
        for (String person : original.people()) {
            if (person.equals(variant.person())) {
                continue;
            }
            FirstDifference.between(original.inboxes().get(person).transcript(), changed.inboxes().get(person).transcript())
                    .ifPresent(d -> found.add("rule 4 (non-interference): " + variant.description() + " changed what "
                            + person + " was shown, " + d));
        }
        return found;
    }

    private static String report(Result run, List<String> problems) {
        String head = "seed " + run.seed() + " (people " + run.people() + "): " + problems.size()
                + " violation(s); replay with -Ddiscord.model.seed=" + run.seed() + "\n";
        save(run, head + listed(problems, problems.size()));
        return head + listed(problems, SHOWN);
    }

    private static String listed(List<String> problems, int most) {
        StringBuilder sb = new StringBuilder();
        problems.stream().limit(most).forEach(p -> sb.append("  - ").append(p).append('\n'));
        if (problems.size() > most) {
            sb.append("  … and ").append(problems.size() - most).append(" more in target/discord-model/\n");
        }
        return sb.toString();
    }

    private static void save(Result run, String report) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "discord-model"));
            Files.writeString(dir.resolve("seed-" + run.seed() + ".txt"), report);
            Files.write(dir.resolve("seed-" + run.seed() + ".steps.txt"), run.annotated());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
