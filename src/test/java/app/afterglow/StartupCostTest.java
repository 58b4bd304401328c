package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The environment that has the JVM list every class it loads into {@code file}. */
    private static Map<String, String> loadLog(Path file) {
        return Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + file);
    }
}
