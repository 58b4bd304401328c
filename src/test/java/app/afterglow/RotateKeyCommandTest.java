package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code afterglow rotate-key} as a host runs it: never beside a running bot. */
@Slow
@Timeout(90)
class RotateKeyCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    @DisplayName("GIVEN a bot running on the data dir (a child JVM) WHEN rotate-key runs THEN it exits 3 naming the "
            + "bot's pid and changes nothing; once the bot is stopped THEN it exits 0, the key file holds a new key, "
            + "and the bot starts again with it")
    void refusesBesideARunningBot() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("AFTERGLOW_DATA_DIR", data.toString());
        Launch.Outcome first = Launch.run(Files.createDirectory(dir.resolve("first")), env, "alice: /help\n");
        assertEquals(0, first.exitCode(), first.stderr());
        String keyBefore = Files.readString(data.resolve("afterglow.key"));
        // The file keeps the last holder's pid; without it, a pid in it is the running bot's.
        Files.delete(data.resolve("afterglow.lock"));
        // The console waits on a standard input that stays open: a long-running bot, holding the lock.
        Launch.Running bot = Launch.start(Files.createDirectory(dir.resolve("bot")), env);
        Run refused;
        try {
            awaitPid(data.resolve("afterglow.lock"));
            refused = run(env, "rotate-key");
        } finally {
            bot.stop();
        }
        assertEquals(keyBefore, Files.readString(data.resolve("afterglow.key")));

        Run rotated = run(env, "rotate-key");
        Launch.Outcome again = Launch.run(Files.createDirectory(dir.resolve("again")), env, "alice: /help\n");

        assertEquals(3, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("Another Afterglow (pid"), refused.err());
        assertEquals(0, rotated.exitCode(), rotated.err());
        assertTrue(rotated.out().contains("the new key is in " + data.resolve("afterglow.key")), rotated.out());
        assertNotEquals(keyBefore, Files.readString(data.resolve("afterglow.key")));
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stdout().contains("[to alice]"), again.stdout());
    }

    private static void awaitPid(Path lockFile) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(lockFile) && Files.readString(lockFile, StandardCharsets.US_ASCII).strip().matches("\\d+"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bot wrote no pid into " + lockFile + " within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
