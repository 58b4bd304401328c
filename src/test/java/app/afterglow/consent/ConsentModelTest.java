package app.afterglow.consent;

import app.afterglow.consent.NonInterference.Variant;
import app.afterglow.testing.Seeds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The consent rule over random couples and triads on the console, judged by {@link ConsentOracle}
 * and by non-interference. A fast slice of seeds runs in the normal suite; {@code -Dconsent.seeds=N}
 * runs seeds 1…N, {@code -Dconsent.seed=S} replays one. A failure prints the seed, the violations
 * and the script, which can be pasted into {@code java -jar target/afterglow.jar} as it is
 * (its clock starts at the real time there, so quiet hours may fall differently).
 */
class ConsentModelTest {
    private static final int FAST_SLICE = 32;
    private static final int SHOWN = 8;

    @TestFactory
    @DisplayName("Random people typing random replies never see words filed in, or revealed from, a check-in other than the one they were answering")
    Stream<DynamicTest> seeds() {
        return Seeds.of("consent", FAST_SLICE).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> judge(seed)));
    }

    @Test
    @DisplayName("A recorded script replayed in a fresh bot prints exactly the same transcript, so a failing seed can be replayed")
    void replayIsVerbatim() {
        Scenario.Result run = Scenario.run(7);
        assertEquals(run.output(), ConsoleRun.replay(run.script()));
    }

    @Test
    @DisplayName("Issue 9, repro 1: alice's words typed with bob's question on screen stay out of her check-in with carol")
    void issue9WordsForBob() {
        assertJudgedClean(List.of("alice: /partner invite bob", "bob: /partner accept", "alice: /partner invite carol",
                "carol: /partner accept", "alice: /checkin followup bob", "alice: 1", "carol: /checkin followup", "alice: 1",
                "alice: /checkin followup bob", "alice: Zq1x secret for bob", "alice: skip", "alice: share all", "alice: submit",
                "carol: 1", "carol: Zq2x", "carol: Zq3x", "carol: share all", "carol: submit"));
    }

    @Test
    @DisplayName("Issue 9, repro 2: submit typed with carol's question on screen does not send dave's check-in with bob")
    void issue9SubmitForBob() {
        List<String> script = new ArrayList<>(List.of("dave: /partner invite bob", "bob: /partner accept", "dave: /partner invite carol",
                "carol: /partner accept", "dave: /checkin followup carol", "dave: 1", "dave: Zq1x carol only", "dave: skip",
                "dave: /session end bob", "dave: 5", "dave: 1", "dave: skip", "dave: Zq2x for bob"));
        script.addAll(List.of("dave: skip", "dave: skip", "dave: skip", "dave: share all", "dave: /checkin followup carol", "dave: submit",
                "bob: 5", "bob: skip", "bob: skip", "bob: Zq3x", "bob: skip", "bob: skip", "bob: skip", "bob: share all", "bob: submit"));
        assertJudgedClean(script);
    }

    private static void assertJudgedClean(List<String> script) {
        Scenario.Result run = Scenario.judge(script);
        if (!run.violations().isEmpty()) {
            fail(run.violations().size() + " violation(s):\n  - " + String.join("\n  - ", run.violations().stream().map(Violation::toString).toList()));
        }
    }

    private static void judge(long seed) {
        Scenario.Result run = Scenario.run(seed);
        List<String> problems = new ArrayList<>();
        // Words reaching the wrong place come first; a reply word kept as an answer is the mildest finding.
        run.violations().stream().sorted(Comparator.comparing(v -> v.rule().contains("reply word")))
                .map(Violation::toString).forEach(problems::add);
        for (Variant variant : NonInterference.variants(run)) {
            List<String> changed = ConsoleRun.replay(variant.script());
            NonInterference.differences(run.output(), changed, run.people(), variant.person()).forEach(d ->
                    problems.add("rule 4 (non-interference): with " + variant.description() + ", " + d));
        }
        if (!problems.isEmpty()) {
            fail(report(run, problems));
        }
    }

    private static String report(Scenario.Result run, List<String> problems) {
        String head = "seed " + run.seed() + ": " + problems.size() + " violation(s) of the consent rule\n";
        String script = "script (replay with -Dconsent.seed=" + run.seed() + ", or paste into the console):\n"
                + String.join("\n", run.script()) + "\n";
        save(run.seed(), head + listed(problems, problems.size()) + script, run.annotated());
        return head + listed(problems, SHOWN) + script;
    }

    private static String listed(List<String> problems, int most) {
        StringBuilder sb = new StringBuilder();
        problems.stream().limit(most).forEach(p -> sb.append("  - ").append(p).append('\n'));
        if (problems.size() > most) {
            sb.append("  … and ").append(problems.size() - most).append(" more in target/consent-model/\n");
        }
        return sb.toString();
    }

    /** The whole report and transcript in target/consent-model/, since a long script drowns a console. */
    private static void save(long seed, String report, List<String> output) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "consent-model"));
            Files.writeString(dir.resolve("seed-" + seed + ".txt"), report);
            Files.write(dir.resolve("seed-" + seed + ".transcript.txt"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
