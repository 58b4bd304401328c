package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11, point 1: one Afterglow per data directory, and a lock that dies with its process. */
@Slow
class OneInstanceTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN an Afterglow running on a data dir WHEN a second starts on it THEN the second stops within seconds with exit 3 naming the first's pid, and once the first is SIGKILLed a new one starts")
    void secondInstanceRefused() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("AFTERGLOW_DATA_DIR", data.toString());
        Path first = Files.createDirectory(dir.resolve("first"));
        // The console waits on a standard input that stays open: a long-running instance.
        Launch.Running running = Launch.start(first, env);
        try {
            String pid = awaitPid(data.resolve("afterglow.lock"));

            long start = System.nanoTime();
            Launch.Outcome second = Launch.run(Files.createDirectory(dir.resolve("second")), env, "alice: /help\n");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(3, second.exitCode(), second.stderr());
            assertTrue(second.stderr().contains("Another Afterglow (pid " + pid + ") holds the data directory "
                    + data.toAbsolutePath().normalize()), second.stderr());
            assertFalse(second.stdout().contains("[to alice]"), "the second one answered nobody: " + second.stdout());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "refused after " + took);
        } finally {
            running.kill();
        }

        Launch.Outcome after = Launch.run(Files.createDirectory(dir.resolve("third")), env, "alice: /help\n");

        assertEquals(0, after.exitCode(), "no lock left behind by the killed one: " + after.stderr());
        assertTrue(after.stdout().contains("[to alice]"), after.stdout());
    }

    /** The pid the running instance wrote into its lock file, once it has. */
    private static String awaitPid(Path lockFile) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(lockFile)) {
                String text = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
                if (text.matches("\\d+")) {
                    return text;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the first instance wrote no pid into " + lockFile + " within 30 s");
    }
}
