package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a start costs before Discord can begin to log in, pinned by what the JVM loads rather than
 * by a time: the load benchmark measures the time (issue 14).
 */
@Slow
class StartupCostTest {
    private static final String PARSER = " picocli.CommandLine ";

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN no arguments, as a service starts it WHEN the program runs THEN it goes straight to the run "
            + "without setting up the command-line parser, which took about 0.15 s of a start; with arguments the "
            + "parser reads them")
    void noArgumentsSkipTheParser() throws Exception {
        Path bare = dir.resolve("bare-classes.log");
        Launch.Outcome run = Launch.run(dir, loadLog(bare), "alice: /help\n");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("[to alice]"), run.stdout());
        assertFalse(Files.readString(bare, StandardCharsets.UTF_8).contains(PARSER), "the parser was set up");

        Path config = Files.writeString(dir.resolve("config.yaml"), "log:\n  level: warn\n");
        Path parsed = dir.resolve("parsed-classes.log");
        Launch.Outcome withConfig = Launch.run(dir, loadLog(parsed), "alice: /help\n", "--config", config.toString());
        assertEquals(0, withConfig.exitCode(), withConfig.stderr());
        assertTrue(withConfig.stdout().contains("[to alice]"), withConfig.stdout());
        assertTrue(Files.readString(parsed, StandardCharsets.UTF_8).contains(PARSER), "the arguments were parsed");
    }

    @Test
    @DisplayName("GIVEN a config file and a variable WHEN the program reads them and the question sets THEN neither "
            + "makes a Jackson mapper (making one costs about a quarter of a second of class loading, and binding the "
            + "question sets' records through one tens of milliseconds more): the first is the storage's, made later")
    void theConfigIsReadWithoutAMapper() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                data:
                  dir: %s
                defaults:
                  timezone: Europe/Berlin
                  quiet_hours: off
                checkins:
                  expiry_hours: 48
                log:
                  level: warn
                """.formatted(dir.resolve("data")));
        Path classes = dir.resolve("config-classes.log");
        Map<String, String> env = new HashMap<>(loadLog(classes));
        env.put("AFTERGLOW_CHECKINS_REMINDER_HOURS", "6");

        Launch.Outcome run = Launch.run(dir, env, "alice: /help\n", "--config", config.toString());

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("[to alice]"), run.stdout());
        List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
        int questions = firstLoad(loaded, "app.afterglow.config.QuestionFileBinding");
        int mapper = firstLoad(loaded, "com.fasterxml.jackson.databind.ObjectMapper");
        assertTrue(firstLoad(loaded, "app.afterglow.config.ConfigBinding") >= 0, "the config was not read");
        assertTrue(questions >= 0 && mapper > questions, "a mapper was made before the question sets were read");
        assertEquals(-1, firstLoad(loaded, "com.fasterxml.jackson.dataformat.yaml.YAMLMapper"),
                "a YAML mapper was made");
    }

    @Test
    @DisplayName("GIVEN no config file, as a container configured by its environment starts it WHEN the program reads "
            + "the built-in question sets THEN it never loads the YAML parser: the build stored them as JSON, and their "
            + "YAML took the parser some 50 ms of processor on every start")
    void theBuiltInSetsAreReadWithoutTheYamlParser() throws Exception {
        Path classes = dir.resolve("no-config-classes.log");

        Launch.Outcome run = Launch.run(dir, loadLog(classes), "alice: /help\n");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("[to alice]"), run.stdout());
        List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
        assertTrue(firstLoad(loaded, "app.afterglow.config.QuestionFileBinding") >= 0, "the question sets were not read");
        assertFalse(loaded.stream().anyMatch(line -> line.contains(" org.yaml.snakeyaml.")), "the YAML parser was loaded");
    }

    /** The line at which {@code className} was loaded, or -1. */
    private static int firstLoad(List<String> loaded, String className) {
        for (int i = 0; i < loaded.size(); i++) {
            if (loaded.get(i).contains(" " + className + " ")) {
                return i;
            }
        }
        return -1;
    }

    /** The environment that has the JVM list every class it loads into {@code file}. */
    private static Map<String, String> loadLog(Path file) {
        return Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + file);
    }
}
