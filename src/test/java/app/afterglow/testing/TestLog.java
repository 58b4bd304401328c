package app.afterglow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log the code under test writes while tests run: slf4j-simple writes it to a file, one per
 * test fork (see the surefire configuration), which every test of the fork shares.
 */
public final class TestLog {
    private TestLog() {
    }

    /** The file; it may not exist yet. */
    public static Path file() {
        return Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-log.txt"));
    }

    /** Everything logged so far in this fork, or nothing if no line was written yet. */
    public static String text() {
        Path log = file();
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
