package app.afterglow;

import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code afterglow backup FILE}, as a host types it: what it says and what it exits with. */
class BackupCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    @DisplayName("GIVEN a data dir in use WHEN backup FILE runs THEN it exits 0, names the file and says the key file "
            + "must be kept separately; run again THEN it exits 3 saying the file exists and how to replace it; "
            + "with --force THEN it exits 0")
    void backsUpAndRefusesToOverwrite() throws IOException {
        Path data = dir.resolve("data");
        try (TestBot bot = new TestBot(data)) {
            bot.partners("alice", "bob");
        }
        Path config = Files.writeString(dir.resolve("config.yaml"), "data:\n  dir: \"" + data + "\"\n");
        Path file = dir.resolve("copy.db");

        Run first = run("--config", config.toString(), "backup", file.toString());
        Run again = run("--config", config.toString(), "backup", file.toString());
        Run forced = run("--config", config.toString(), "backup", "--force", file.toString());

        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("afterglow backup: wrote " + file), first.out());
        assertTrue(first.out().contains("the key file " + data.resolve("afterglow.key")), first.out());
        assertTrue(first.out().contains("keep that backed up too"), first.out());
        assertEquals(3, again.exitCode());
        assertTrue(again.err().startsWith("afterglow backup: The backup file " + file + " already exists"), again.err());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, forced.exitCode(), forced.err());
    }

    @Test
    @DisplayName("GIVEN a data dir with no database WHEN backup runs THEN it exits 3 saying there is nothing to back up")
    void nothingThere() {
        Run run = run("backup", dir.resolve("copy.db").toString());

        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("There is no database to back up at " + dir.resolve("data")), run.err());
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("AFTERGLOW_DATA_DIR", dir.resolve("data").toString());
        int code = new CommandLine(new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
