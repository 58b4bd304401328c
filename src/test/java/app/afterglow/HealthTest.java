package app.afterglow;

import app.afterglow.testing.Await;
import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import app.afterglow.testing.discord.DiscordStandIn;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11, point 5: {@code afterglow health}, as a container's health check runs it, in child JVMs. */
@Timeout(90)
@Slow
class HealthTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a bot running on Discord WHEN health runs on its data dir THEN it exits 0; "
            + "once the bot is stopped THEN health exits 1 saying no Afterglow is running")
    void healthyWhileRunningThenNot() throws Exception {
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            Map<String, String> env = Map.of("AFTERGLOW_DISCORD_TOKEN", standIn.token(),
                    "AFTERGLOW_DISCORD_REST_BASE_URL", standIn.restBaseUrl(),
                    "AFTERGLOW_DISCORD_GATEWAY_URL", standIn.gatewayUrl(),
                    "AFTERGLOW_DATA_DIR", dir.resolve("data").toString());
            Launch.Running bot = Launch.start(Files.createDirectory(dir.resolve("bot")), env);
            bot.awaitOutput("[discord] Connected", Duration.ofSeconds(30));
            // The first tick comes as the bot starts, and writes the first heartbeat.
            Await.until(Duration.ofSeconds(10), "the first heartbeat", () -> Files.exists(dir.resolve("data/heartbeat")));

            Launch.Outcome healthy = health(env);
            assertEquals(0, bot.stop().exitCode());
            Launch.Outcome gone = health(env);

            assertEquals(0, healthy.exitCode(), healthy.stderr());
            assertTrue(healthy.stdout().contains("afterglow health: running on"), healthy.stdout());
            assertEquals(1, gone.exitCode(), gone.stderr());
            assertTrue(gone.stderr().contains("no Afterglow is running on"), gone.stderr());
            assertTrue(gone.stderr().contains("has ended"), gone.stderr());
        }
    }

    @Test
    @DisplayName("GIVEN a data dir no bot has run on WHEN health runs THEN it exits 1 in one line saying so")
    void nothingEverRan() throws Exception {
        Launch.Outcome run = health(Map.of("AFTERGLOW_DATA_DIR", dir.resolve("data").toString()));

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(1, run.stderr().strip().lines().count(), run.stderr());
        assertTrue(run.stderr().contains("no Afterglow has run on"), run.stderr());
    }

    @Test
    @DisplayName("GIVEN a running process whose last heartbeat is an hour old WHEN health runs THEN it exits 1 "
            + "saying it has made no progress since then")
    void staleHeartbeat() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        // This test's own JVM stands in for a bot that still runs but is stuck.
        Files.writeString(data.resolve("heartbeat"),
                Instant.now().minus(Duration.ofHours(1)) + " " + ProcessHandle.current().pid() + "\n");

        Launch.Outcome run = health(Map.of("AFTERGLOW_DATA_DIR", data.toString()));

        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("(pid " + ProcessHandle.current().pid() + ") has made no progress for 3"),
                run.stderr());
    }

    @Test
    @DisplayName("GIVEN a config file naming the data dir WHEN health runs with --config after the command, as a "
            + "container's health check is often written THEN it reads that file (and says so when it is missing); "
            + "health --help shows its usage and exits 0")
    void configOptionAfterTheCommand() throws Exception {
        Path data = dir.resolve("elsewhere");
        Path config = Files.writeString(dir.resolve("afterglow.yaml"), "data:\n  dir: " + data + "\n");
        Path work = Files.createTempDirectory(dir, "health");

        Launch.Outcome read = Launch.run(work, Map.of(), "", "health", "--config", config.toString());
        Launch.Outcome missing = Launch.run(work, Map.of(), "", "health", "-c", dir.resolve("none.yaml").toString());
        Launch.Outcome help = Launch.run(work, Map.of(), "", "health", "--help");

        assertEquals(1, read.exitCode(), read.stderr());
        assertTrue(read.stderr().contains("no Afterglow has run on " + data), read.stderr());
        assertEquals(1, missing.exitCode(), missing.stderr());
        assertTrue(missing.stderr().contains("none.yaml: file not found"), missing.stderr());
        assertEquals(0, help.exitCode(), help.stderr());
        assertTrue(help.stdout().contains("Usage: afterglow health") && help.stdout().contains("--config=FILE"),
                help.stdout());
    }

    private Launch.Outcome health(Map<String, String> env) throws Exception {
        return Launch.run(Files.createTempDirectory(dir, "health"), env, "", "health");
    }
}
