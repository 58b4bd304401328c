package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11, point 3: start-up says what it runs, and an instance with nothing to run says so. */
@Slow
class StartupLineTest {
    @TempDir
    Path dir;

    private Path data() {
        return dir.toAbsolutePath().normalize().resolve("data");
    }

    @Test
    @DisplayName("GIVEN no platform and a script piped in WHEN it starts THEN one line names the console, the data dir and the key file, and the script runs to exit 0")
    void announcesConsole() throws Exception {
        Launch.Outcome run = Launch.run(dir, Map.of(), "alice: /help\n");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("Starting Afterglow: console; data in " + data() + "; data key in "
                + data().resolve("afterglow.key")), run.stderr());
        assertTrue(run.stdout().contains("[to alice]"), run.stdout());
    }

    @Test
    @DisplayName("GIVEN the key in AFTERGLOW_DATA_KEY WHEN it starts THEN the line says the key comes from there")
    void announcesKeyVariable() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[32]);

        Launch.Outcome run = Launch.run(dir, Map.of("AFTERGLOW_DATA_KEY", key), "alice: /help\n");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("data key from AFTERGLOW_DATA_KEY"), run.stderr());
        assertFalse(run.stderr().contains(key), "the key itself is never shown");
    }

    @Test
    @DisplayName("GIVEN no platform and an empty standard input (as in a container without -it) WHEN it starts THEN it says nothing is configured and how to configure it, and exits 2")
    void nothingToRun() throws Exception {
        Launch.Outcome run = Launch.run(dir, Map.of(), "");

        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("Nothing to run: no platform is configured"), run.stderr());
        assertTrue(run.stderr().contains("AFTERGLOW_DISCORD_TOKEN"), run.stderr());
        assertTrue(run.stderr().contains("AFTERGLOW_MATRIX_HOMESERVER"), run.stderr());
        assertTrue(run.stderr().contains("docker run -it"), run.stderr());
        assertFalse(run.stderr().contains("Exception"), run.stderr());
    }
}
