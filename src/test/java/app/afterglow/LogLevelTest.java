package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 7: the log level from the config or AFTERGLOW_LOG_LEVEL reaches every logger,
 * including those made early in start-up (SQLite's, the migrations').
 */
@Slow
class LogLevelTest {
    /** A partnership, a session ended and a day later: the scheduler runs jobs, which it logs at debug. */
    private static final String SCRIPT = String.join("\n", "alice: /partner invite bob", "bob: /partner accept",
            "alice: /session end", "alice: /clock +25h") + "\n";
    private static final Map<String, String> QUIET_HOURS_OFF = Map.of("AFTERGLOW_DEFAULTS_QUIET_HOURS", "off");

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN no level set WHEN it runs THEN info lines are written and debug lines are not")
    void infoByDefault() throws Exception {
        Launch.Outcome run = Launch.run(dir, QUIET_HOURS_OFF, SCRIPT);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("INFO Migrations"), run.stderr());
        assertFalse(run.stderr().contains("DEBUG"), run.stderr());
    }

    @Test
    @DisplayName("GIVEN AFTERGLOW_LOG_LEVEL=warn WHEN it runs THEN not even the first loggers write info")
    void warnFromVariable() throws Exception {
        Launch.Outcome run = Launch.run(dir, Map.of("AFTERGLOW_LOG_LEVEL", "warn",
                "AFTERGLOW_DEFAULTS_QUIET_HOURS", "off"), SCRIPT);

        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(run.stderr().contains("INFO"), run.stderr());
        assertTrue(run.stdout().contains("[to bob]"), run.stdout());
    }

    @Test
    @DisplayName("GIVEN log.level: debug in config.yaml WHEN it runs THEN debug lines are written")
    void debugFromFile() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "log:\n  level: debug\n");

        Launch.Outcome run = Launch.run(dir, QUIET_HOURS_OFF, SCRIPT);

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("DEBUG Scheduler - job"), run.stderr());
    }
}
