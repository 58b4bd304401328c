package app.afterglow;

import app.afterglow.testing.Launch;
import app.afterglow.testing.Slow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 11, point 6: each way the data dir can be unusable stops start-up with exit 3, the path,
 * the operating system's reason and the uid Afterglow runs as — never a stack trace.
 */
@Slow
class StorageFailureTest {
    private static final String SCRIPT = "alice: /help\n";

    @TempDir
    Path dir;

    private Path data() {
        return dir.toAbsolutePath().normalize().resolve("data");
    }

    /** Exit 3, every fragment on standard error, the uid, nobody answered and no stack trace. */
    private static void assertExplained(Launch.Outcome run, String... fragments) throws IOException {
        assertEquals(3, run.exitCode(), run.stderr());
        for (String fragment : fragments) {
            assertTrue(run.stderr().contains(fragment), "\"" + fragment + "\" in: " + run.stderr());
        }
        assertTrue(run.stderr().contains("Afterglow runs as uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
                run.stderr());
        assertFalse(run.stderr().contains("Exception") || run.stderr().contains("\tat "), run.stderr());
        assertFalse(run.stdout().contains("[to alice]"), run.stdout());
    }

    /**
     * Permission bits stop everyone but root; a root test run (as in many CI containers) hands the
     * child to setpriv without the two capabilities that let root past them, so it meets the bits
     * as the Docker image's uid 10001 would.
     */
    private static List<String> boundByPermissions() throws IOException {
        if (!"0".equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString())) {
            return List.of();
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "running as root without setpriv");
        return List.of("/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search");
    }

    @Test
    @DisplayName("GIVEN a file where the data dir should be WHEN it starts THEN exit 3 says it is not a directory")
    void notADirectory() throws Exception {
        Files.writeString(data(), "not a directory");

        assertExplained(Launch.run(dir, Map.of(), SCRIPT), data().toString(), "is not a directory");
    }

    @Test
    @DisplayName("GIVEN a data dir this uid may not write (a bind mount owned by someone else) WHEN it starts THEN exit 3 says so, with the OS's reason and the owner")
    void directoryNotWritable() throws Exception {
        List<String> wrapper = boundByPermissions();
        Files.createDirectory(data(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));

        assertExplained(Launch.run(wrapper, dir, Map.of(), SCRIPT), "cannot write in the data directory " + data(),
                "Permission denied", "r-x------");
    }

    @Test
    @DisplayName("GIVEN a read-only database file WHEN it starts THEN exit 3 names the file and the OS's reason")
    void databaseReadOnly() throws Exception {
        List<String> wrapper = boundByPermissions();
        assertEquals(0, Launch.run(dir, Map.of(), SCRIPT).exitCode(), "the database is made");
        Path database = data().resolve("afterglow.db");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("r--r--r--"));

        assertExplained(Launch.run(wrapper, dir, Map.of(), SCRIPT), "The database file " + database
                + " cannot be written", "Permission denied");
    }

    @Test
    @DisplayName("GIVEN something else in the database's place WHEN it starts THEN exit 3 says it is not a database and leaves it untouched")
    void notADatabase() throws Exception {
        Files.createDirectory(data());
        Path database = data().resolve("afterglow.db");
        Files.writeString(database, "my notes, not a database\n");

        assertExplained(Launch.run(dir, Map.of(), SCRIPT), database + " is not an SQLite database");
        assertEquals("my notes, not a database\n", Files.readString(database));
    }

    @Test
    @DisplayName("GIVEN a database sealed with another key WHEN it starts THEN exit 3 names the database and where the key came from")
    void wrongKey() throws Exception {
        assertEquals(0, Launch.run(dir, Map.of(), SCRIPT).exitCode(), "the database is made with its key file");
        String otherKey = Base64.getEncoder().encodeToString(new byte[32]);

        assertExplained(Launch.run(dir, Map.of("AFTERGLOW_DATA_KEY", otherKey), SCRIPT),
                "The data key does not match this database", data().resolve("afterglow.db").toString());
    }
}
