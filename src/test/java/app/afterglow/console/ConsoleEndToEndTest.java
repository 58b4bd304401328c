package app.afterglow.console;

import app.afterglow.testing.Slow;
import app.afterglow.testing.Launch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole product through the console's standard input, as the README's run command starts it. */
@Slow
class ConsoleEndToEndTest {
    @TempDir
    Path dir;

    private static String script(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    @DisplayName("Two partners go through a session, aftercare and the follow-up on the console, time passing on a line "
            + "of its own; each sees only what both shared")
    void wholeFlowThroughStandardInput() throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "alice: /help",
                "alice: /partner invite bob",
                "bob: /partner accept",
                "alice: /session start",
                "alice: /session end"));
        for (String who : List.of("alice", "bob")) {
            lines.add(who + ": 8");
            for (int i = 0; i < 12; i++) {
                lines.add(who + ": skip");
            }
            lines.add(who + ": share 1");
            lines.add(who + ": submit");
        }
        lines.add("this line is not a person speaking");
        lines.add("/clock +21h");
        lines.add("bob: /history");
        // Quiet hours off: the real clock could put the follow-up inside them, and this test is about the flow.
        Launch.Outcome run = Launch.run(dir, Map.of("AFTERGLOW_DEFAULTS_QUIET_HOURS", "off"), script(lines));

        assertEquals(0, run.exitCode(), run.stderr());
        String out = run.stdout();
        assertTrue(out.contains("[to alice] Afterglow") || out.contains("[to alice] ** Afterglow **"), out);
        assertTrue(out.contains("[to bob] ** alice would like to be check-in partners with you **"), out);
        assertTrue(out.contains("[to alice] bob said yes"), out);
        assertTrue(out.contains("what you both shared"), out);
        assertTrue(out.contains("[to alice]    > You: 8 of 10"), out);
        assertTrue(out.contains("[to alice]    > bob: 8 of 10"), out);
        assertTrue(out.contains("[console] Lines look like NAME: TEXT"), out);
        assertTrue(out.contains("[clock] "), out);
        assertTrue(out.contains("Just checking in since your time together"), "the next day's follow-up came: " + out);
        assertTrue(Files.exists(dir.resolve("data/afterglow.db")), "data in ./data");
        assertFalse(run.stderr().contains("Exception"), run.stderr());
    }

    @Test
    @DisplayName("A broken config stops start-up with the field named and exit code 2")
    void brokenConfig() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "checkins:\n  expiry_hours: soon\n");
        Launch.Outcome run = Launch.run(dir, Map.of(), "");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("checkins.expiry_hours"), run.stderr());
    }

    @Test
    @DisplayName("An environment variable that makes the config invalid is named, with exit code 2")
    void brokenEnvironment() throws Exception {
        Launch.Outcome run = Launch.run(dir, Map.of("AFTERGLOW_DEFAULTS_TIMEZONE", "Mars/Olympus"), "");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("AFTERGLOW_DEFAULTS_TIMEZONE"), run.stderr());
    }

    @Test
    @DisplayName("A wrong data key is a clear error with exit code 3, never garbage")
    void wrongKey() throws Exception {
        assertEquals(0, Launch.run(dir, Map.of(), "alice: /help\n").exitCode());
        String otherKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Launch.Outcome run = Launch.run(dir, Map.of("AFTERGLOW_DATA_KEY", otherKey), "alice: /help\n");
        assertEquals(3, run.exitCode());
        assertTrue(run.stderr().toLowerCase().contains("key"), run.stderr());
        assertFalse(run.stdout().contains("[to alice]"), run.stdout());
    }
}
