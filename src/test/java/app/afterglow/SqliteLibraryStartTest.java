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
 * Where SQLite's native library comes from when the program runs as a host runs it: the data dir,
 * so that a temp dir it cannot use (read-only, noexec, missing) does not stop it.
 */
@Slow
class SqliteLibraryStartTest {
    @TempDir
    Path dir;

    private Map<String, String> env(Path missingTemp) {
        return Map.of("AFTERGLOW_DATA_DIR", dir.resolve("data").toString(),
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + missingTemp);
    }

    @Test
    @DisplayName("GIVEN a temp dir Java cannot use WHEN Afterglow starts on a new data dir and again THEN it answers both times, SQLite loaded from the library kept in the data dir")
    void startsWithoutATempDir() throws Exception {
        Path missing = dir.resolve("no-such-tmp");

        Launch.Outcome first = Launch.run(Files.createDirectory(dir.resolve("first")), env(missing), "alice: /help\n");
        Launch.Outcome second = Launch.run(Files.createDirectory(dir.resolve("second")), env(missing), "alice: /help\n");

        assertEquals(0, first.exitCode(), first.stderr());
        assertTrue(first.stdout().contains("[to alice]"), first.stdout());
        assertEquals(0, second.exitCode(), second.stderr());
        assertTrue(second.stdout().contains("[to alice]"), second.stdout());
        try (var kept = Files.list(dir.resolve("data").resolve("native"))) {
            assertEquals(1, kept.count());
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    @DisplayName("GIVEN a temp dir Java cannot use and a data dir Afterglow ran on WHEN the host makes a backup and "
            + "rotates the data key THEN both work, SQLite loaded from the library kept in the data dir, where both "
            + "took the driver's own way through the temp dir and stopped")
    void backupAndKeyRotationNeedNoTempDir() throws Exception {
        Path missing = dir.resolve("no-such-tmp");
        Launch.Outcome ran = Launch.run(Files.createDirectory(dir.resolve("run")), env(missing), "alice: /help\n");
        assertEquals(0, ran.exitCode(), ran.stderr());

        Path backup = dir.resolve("backup.db");
        Launch.Outcome copied = Launch.run(Files.createDirectory(dir.resolve("backup")), env(missing), "", "backup",
                backup.toString());
        Launch.Outcome rotated = Launch.run(Files.createDirectory(dir.resolve("rotate")), env(missing), "",
                "rotate-key");

        assertEquals(0, copied.exitCode(), copied.stderr());
        assertTrue(Files.size(backup) > 0);
        assertEquals(0, rotated.exitCode(), rotated.stderr());
        assertFalse(Files.exists(missing));
    }

    @Test
    @DisplayName("GIVEN a temp dir Java cannot use and a file where the data dir's native folder goes WHEN Afterglow starts THEN it exits 3 saying SQLite could not be loaded, where it looked and how to give Java a temp dir, with no stack trace")
    void saysWhatToDoWhenSqliteCannotLoad() throws Exception {
        Path missing = dir.resolve("no-such-tmp");
        Files.createDirectories(dir.resolve("data"));
        Files.createFile(dir.resolve("data").resolve("native"));

        Launch.Outcome run = Launch.run(Files.createDirectory(dir.resolve("run")), env(missing), "alice: /help\n");

        assertEquals(Main.STORAGE_ERROR, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("afterglow: SQLite's native library could not be loaded"), run.stderr());
        assertTrue(run.stderr().contains(missing.toString()), run.stderr());
        assertTrue(run.stderr().contains("JAVA_TOOL_OPTIONS=-Djava.io.tmpdir="), run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.stderr());
        assertFalse(run.stdout().contains("[to alice]"), run.stdout());
    }
}
