package app.afterglow;

import app.afterglow.testing.Slow;
import app.afterglow.testing.Launch;
import app.afterglow.testing.discord.DiscordStandIn;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program as a host runs it with Discord configured, in a child JVM against the local stand-in. */
@Timeout(90)
@Slow
class DiscordMainTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a token Discord refuses WHEN the bot starts THEN it says which setting to fix and exits with 2")
    void refusedTokenExitsWithAClearMessage() throws Exception {
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            Launch.Outcome run = Launch.run(dir, env(standIn, "not-the-token"), "");

            assertEquals(Main.CONFIG_ERROR, run.exitCode(), run.stderr());
            assertTrue(run.stderr().contains("afterglow: Discord refused the bot token (Discord answered the login with HTTP 401)"),
                    run.stderr());
            assertTrue(run.stderr().contains("AFTERGLOW_DISCORD_TOKEN"), run.stderr());
            assertFalse(run.stderr().contains("not-the-token"), "the token is never printed");
        }
    }

    @Test
    @DisplayName("GIVEN Discord cannot be reached WHEN the bot starts THEN it keeps trying, logging each attempt, "
            + "and SIGTERM stops it with exit code 0")
    void unreachableDiscordIsRetriedUntilStopped() throws Exception {
        Map<String, String> env = Map.of("AFTERGLOW_DISCORD_TOKEN", "any-token",
                "AFTERGLOW_DISCORD_REST_BASE_URL", "http://127.0.0.1:9/api/v10/",
                "AFTERGLOW_DISCORD_GATEWAY_URL", "ws://127.0.0.1:9/",
                "AFTERGLOW_DATA_DIR", dir.resolve("data").toString());
        Launch.Running bot = Launch.start(dir, env);

        bot.awaitLog("could not reach Discord to log in", Duration.ofSeconds(20));
        // The second attempt comes after a randomised wait of half a second to a second.
        bot.awaitLog("attempt 2;", Duration.ofSeconds(20));
        Launch.Outcome stopped = bot.stop();

        assertEquals(0, stopped.exitCode(), stopped.stderr());
        assertTrue(stopped.stderr().contains("closed"), "the database was closed: " + stopped.stderr());
        assertFalse(stopped.stderr().contains("any-token"), "the token is never printed");
    }

    @Test
    @DisplayName("GIVEN Discord answers the login with 503 WHEN the bot starts THEN it logs the status and tries again, "
            + "rather than calling the token refused")
    void serverErrorAtLoginIsRetried() throws Exception {
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            standIn.failLogin(503);
            Launch.Running bot = Launch.start(dir, env(standIn, standIn.token()));

            bot.awaitLog("could not reach Discord to log in (HTTP 503), attempt 2;", Duration.ofSeconds(30));
            standIn.failLogin(0);
            bot.awaitOutput("[discord] Connected", Duration.ofSeconds(30));
            assertEquals(0, bot.stop().exitCode());
        }
    }

    @Test
    @DisplayName("GIVEN a valid token WHEN the bot runs and is then told to stop THEN it printed its invite, "
            + "stops Discord, closes the database cleanly and exits with 0")
    void runsUntilStoppedAndStopsCleanly() throws Exception {
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            standIn.addGuild("Home", "general");
            Launch.Running bot = Launch.start(dir, env(standIn, standIn.token()));

            bot.awaitOutput("scope=bot+applications.commands&permissions=0", Duration.ofSeconds(30));
            standIn.awaitCall(call -> call.is("PUT", "applications/\\d+/guilds/\\d+/commands"), Duration.ofSeconds(10));
            Launch.Outcome stopped = bot.stop();

            assertEquals(0, stopped.exitCode(), stopped.stderr());
            assertTrue(stopped.stdout().contains("client_id=" + standIn.applicationId()), stopped.stdout());
            assertTrue(stopped.stderr().contains("closed"), "the database was closed: " + stopped.stderr());
            assertFalse(stopped.stderr().contains("Exception"), stopped.stderr());
        }
    }

    @Test
    @DisplayName("GIVEN a data key that does not match the database WHEN the bot starts with Discord, logging in while "
            + "the storage opens THEN it says so, leaves Discord and exits with 3")
    void storageFailingWhileLoggingInExitsWithThree() throws Exception {
        Map<String, String> first = Map.of("AFTERGLOW_DATA_DIR", dir.resolve("data").toString(),
                "AFTERGLOW_DATA_KEY", key((byte) 1));
        assertEquals(0, Launch.run(dir, first, "alice: /help\n").exitCode(), "the database is made with one key");
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            Map<String, String> env = new HashMap<>(env(standIn, standIn.token()));
            env.put("AFTERGLOW_DATA_KEY", key((byte) 2));

            Launch.Outcome run = Launch.run(dir, env, "");

            assertEquals(Main.STORAGE_ERROR, run.exitCode(), run.stderr());
            assertTrue(run.stderr().contains("does not match"), run.stderr());
        }
    }

    @Test
    @DisplayName("GIVEN a question file that is not YAML WHEN the bot starts with Discord, logging in while the "
            + "question sets are read THEN it names the file's problem, registers no command, leaves Discord and "
            + "exits with 2")
    void brokenQuestionFileWhileLoggingInExitsWithTwo() throws Exception {
        Path questions = dir.resolve("questions.yaml");
        Files.writeString(questions, "sets: [unclosed\n");
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            Map<String, String> env = new HashMap<>(env(standIn, standIn.token()));
            env.put("AFTERGLOW_QUESTIONS_FILE", questions.toString());

            Launch.Outcome run = Launch.run(dir, env, "");

            assertEquals(Main.CONFIG_ERROR, run.exitCode(), run.stderr());
            assertTrue(run.stderr().contains("questions.yaml"), run.stderr());
            assertEquals(0, standIn.callsTo("applications/\\d+/commands").size(),
                    "no command was registered for a bot that did not start");
        }
    }

    @Test
    @DisplayName("GIVEN an Afterglow running on a data dir WHEN a second starts on it with Discord configured THEN it "
            + "exits with 3 naming the first, having made its bot meanwhile but never connected: Discord got no "
            + "request and no gateway session from it")
    void secondCopyOnTheSameDataNeverConnects() throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        // The console on a standard input that stays open holds the data dir until killed.
        Launch.Running running = Launch.start(first, Map.of("AFTERGLOW_DATA_DIR", dir.resolve("data").toString()));
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            awaitLocked(dir.resolve("data").resolve("afterglow.lock"));

            Launch.Outcome second = Launch.run(Files.createDirectory(dir.resolve("second")), env(standIn,
                    standIn.token()), "");

            assertEquals(Main.STORAGE_ERROR, second.exitCode(), second.stderr());
            assertTrue(second.stderr().contains("Another Afterglow (pid "), second.stderr());
            assertFalse(second.stdout().contains("Logging in"), second.stdout());
            assertEquals(0, standIn.calls().size(), "no request reached Discord: " + standIn.calls());
            assertEquals(0, standIn.gatewayFrames().size(), "no gateway session: " + standIn.gatewayFrames());
        } finally {
            running.kill();
        }
    }

    /** Once a running instance has written its pid into its lock file. */
    private static void awaitLocked(Path lockFile) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(lockFile) && Files.readString(lockFile).strip().matches("\\d+"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the first instance wrote no pid into " + lockFile + " within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static String key(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return Base64.getEncoder().encodeToString(key);
    }

    private Map<String, String> env(DiscordStandIn standIn, String token) {
        return Map.of("AFTERGLOW_DISCORD_TOKEN", token,
                "AFTERGLOW_DISCORD_REST_BASE_URL", standIn.restBaseUrl(),
                "AFTERGLOW_DISCORD_GATEWAY_URL", standIn.gatewayUrl(),
                "AFTERGLOW_DATA_DIR", dir.resolve("data").toString());
    }
}
