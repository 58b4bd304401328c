package app.afterglow.matrix;

import app.afterglow.testing.Await;
import app.afterglow.testing.Slow;
import app.afterglow.testing.Launch;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInGuild;
import app.afterglow.testing.discord.StandInUser;
import app.afterglow.testing.matrix.BotAccount;
import app.afterglow.testing.matrix.E2eeDevice;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static app.afterglow.matrix.Conversations.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real program, started as a host starts it, with Matrix configured by environment variables. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Slow
class MatrixMainTest {
    @TempDir
    Path dir;
    MatrixStandIn standIn;
    BotAccount account;

    @BeforeEach
    void launch() {
        standIn = MatrixStandIn.launch();
        account = standIn.botAccount(MatrixTestBot.BOT, MatrixTestBot.BOT_PASSWORD);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    /** The program's environment with Matrix on, unencrypted, as the plaintext person here speaks. */
    private Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>(encryptedEnv(token));
        env.put("AFTERGLOW_MATRIX_ENCRYPTION", "off");
        return env;
    }

    /** The program's environment with Matrix on, unencrypted, and Discord on against {@code discord}. */
    private Map<String, String> bothEnv(DiscordStandIn discord) {
        Map<String, String> both = new HashMap<>(env(account.accessToken()));
        both.put("AFTERGLOW_DISCORD_TOKEN", discord.token());
        both.put("AFTERGLOW_DISCORD_REST_BASE_URL", discord.restBaseUrl());
        both.put("AFTERGLOW_DISCORD_GATEWAY_URL", discord.gatewayUrl());
        return both;
    }

    /**
     * Waits until {@code running} is connected to Discord with its commands registered, and has
     * answered {@code alice}'s help in a DM she opened on Matrix; returns that DM.
     */
    private static String answeringOnBoth(Launch.Running running, DiscordStandIn discord, SimulatedUser alice) throws Exception {
        running.awaitOutput("[discord] Connected", Duration.ofSeconds(30));
        discord.awaitCall(call -> call.is("PUT", "applications/\\d+/guilds/\\d+/commands"), Duration.ofSeconds(10));
        String room = Conversations.openDm(alice);
        alice.say(room, "!afterglow help");
        await(alice, "partner invite");
        return room;
    }

    /** The program's environment with Matrix on and encryption as it comes by default. */
    private Map<String, String> encryptedEnv(String token) {
        return Map.of("AFTERGLOW_MATRIX_HOMESERVER", standIn.baseUri().toString(),
                "AFTERGLOW_MATRIX_USER_ID", account.userId(),
                "AFTERGLOW_MATRIX_ACCESS_TOKEN", token,
                "AFTERGLOW_MATRIX_ALLOWED_USERS", "@alice:local",
                "AFTERGLOW_DATA_DIR", dir.resolve("data").toString());
    }

    @Test
    @DisplayName("GIVEN Matrix configured with nothing said about encryption WHEN Alice opens a DM as Element does, "
            + "encrypted THEN the program answers her there encrypted, and nothing it says is readable on the homeserver")
    void encryptedByDefault() throws Exception {
        standIn.register("@alice:local", "Alice");
        E2eeDevice alice = standIn.enroll("@alice:local", "ALICEPHONE");
        Launch.Running running = Launch.start(dir, encryptedEnv(account.accessToken()));
        Launch.Outcome stopped;
        String room;
        try {
            room = alice.createEncryptedDirectRoom(MatrixTestBot.BOT);
            alice.awaitDecrypted(room, d -> d.content().path("body").asText().contains("end-to-end encrypted"),
                    Conversations.WAIT);
            String help = alice.sendEncryptedAndAwaitReply(room, "!afterglow help", Conversations.WAIT)
                    .path("body").asText();
            assertTrue(help.contains("partner invite"), help);
        } finally {
            stopped = running.stop();
        }
        assertSyncedAndStoppedCleanly(stopped);
        assertTrue(standIn.timeline(room).stream().noneMatch(e -> e.path("type").asText().equals("m.room.message")),
                "nothing in clear in the encrypted DM");
        assertFalse(standIn.allRoomEventsJson().toString().contains("partner invite"), "the help is not readable there");
    }

    @Test
    @DisplayName("GIVEN Matrix in the config WHEN the program runs THEN it answers people, and on SIGTERM it stops syncing and closes its data cleanly")
    void runsAndStopsCleanly() throws Exception {
        SimulatedUser alice = standIn.register("@alice:local", "Alice");
        Launch.Running running = Launch.start(dir, env(account.accessToken()));
        Launch.Outcome stopped;
        try {
            String room = Conversations.openDm(alice);
            alice.say(room, "!afterglow help");
            await(alice, "partner invite");
        } finally {
            stopped = running.stop();
        }
        assertSyncedAndStoppedCleanly(stopped);
    }

    @Test
    @DisplayName("GIVEN both Discord and Matrix in the config WHEN the program runs THEN one process serves both, and SIGTERM stops both cleanly")
    void bothPlatformsInOneProcess() throws Exception {
        SimulatedUser alice = standIn.register("@alice:local", "Alice");
        try (DiscordStandIn discord = DiscordStandIn.start()) {
            discord.addGuild("Home", "general");
            Launch.Running running = Launch.start(dir, bothEnv(discord));
            Launch.Outcome stopped;
            try {
                answeringOnBoth(running, discord, alice);
            } finally {
                stopped = running.stop();
            }
            assertSyncedAndStoppedCleanly(stopped);
            assertTrue(stopped.stderr().contains("Starting Afterglow: Discord and Matrix; data in "
                    + dir.resolve("data").toAbsolutePath().normalize()), stopped.stderr());
        }
    }

    @Test
    @DisplayName("GIVEN both Discord and Matrix in one process and a homeserver taking twenty seconds to answer each "
            + "send WHEN the bot's answer to a Matrix person is on its way and a Discord person invites another THEN "
            + "the invitation reaches the Discord person within seconds, not after the homeserver's answer")
    void aSlowHomeserverHoldsUpNoDiscordMessage() throws Exception {
        SimulatedUser alice = standIn.register("@alice:local", "Alice");
        try (DiscordStandIn discord = DiscordStandIn.start()) {
            StandInGuild home = discord.addGuild("Home", "general");
            StandInUser dana = discord.addUser("dana");
            StandInUser eli = discord.addUser("eli");
            Launch.Running running = Launch.start(dir, bothEnv(discord));
            Launch.Outcome stopped;
            try {
                // Answered at once, so whatever the bot had to say in the new DM has been said.
                String room = answeringOnBoth(running, discord, alice);
                // The stand-in shows a message before it answers its send: slow down only the sends after that answer.
                Await.until(Duration.ofSeconds(10), "the answer's send answered", () -> standIn.requests().stream()
                        .anyMatch(request -> request.method().equals("PUT") && request.path().contains("/send/m.room.message/afterglow-out-")));
                standIn.answerLate("/send/", Duration.ofSeconds(20));
                alice.say(room, "!afterglow help");
                // The stand-in posts the bot's answer at once and holds the reply to its send.
                await(alice, "partner invite");
                long asked = System.nanoTime();

                discord.slashCommand(home.textChannel("general"), dana, "partner invite", SlashOption.user("person", eli));
                discord.awaitMessage(message -> message.channelId() == discord.dmChannel(eli).id()
                        && message.content().contains("check-in partners"), Duration.ofSeconds(15));

                Duration took = Duration.ofNanos(System.nanoTime() - asked);
                assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "the invitation took " + took.toMillis() + " ms");
            } finally {
                stopped = running.stop();
            }
            assertEquals(0, stopped.exitCode(), stopped.stderr());
        }
    }

    @Test
    @DisplayName("GIVEN Matrix in the config WHEN the program runs and gets SIGINT (Ctrl-C) THEN it stops as on SIGTERM, with exit code 0")
    void ctrlCStopsCleanly() throws Exception {
        // Started as from a terminal, where Ctrl-C reaches the program: a shell that runs the tests
        // in the background has its children ignore SIGINT, and the program would never see it.
        Launch.Running running = Launch.start(List.of("env", "--default-signal=INT"), dir, env(account.accessToken()));
        running.awaitLog("Matrix: syncing as", Duration.ofSeconds(30));

        assertSyncedAndStoppedCleanly(running.interrupt());
    }

    /**
     * The log of a run that synced, then stopped on a signal with the database closed and nothing
     * thrown, and exit code 0: a stop asked for is a success to a service manager.
     */
    private void assertSyncedAndStoppedCleanly(Launch.Outcome stopped) {
        String log = stopped.stderr();
        assertEquals(0, stopped.exitCode(), log);
        assertTrue(log.contains("Matrix: syncing as " + account.userId()), log);
        assertTrue(log.contains("Matrix: stopped"), log);
        assertTrue(log.contains("closed"), "the database was closed: " + log);
        assertFalse(log.contains("Exception"), log);
    }

    @Test
    @DisplayName("GIVEN an access token the homeserver refuses WHEN the program starts THEN it exits with code 2 and says which setting to fix, without the token")
    void invalidTokenExitsWithCode2() throws Exception {
        Launch.Outcome run = Launch.run(dir, env("refused-test-token"), "");

        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("refused the access token for " + account.userId()), run.stderr());
        assertTrue(run.stderr().contains("matrix.access_token"), run.stderr());
        assertFalse(run.stderr().contains("refused-test-token") || run.stdout().contains("refused-test-token"));
    }
}
