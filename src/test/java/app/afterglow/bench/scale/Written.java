package app.afterglow.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Bytes this process has handed to {@code write} so far, from Linux's {@code /proc/self/io}: what
 * SQLite wrote to its log and, at a checkpoint, into the database file. Pages written follow the
 * data an erasure touches, where its time also follows how far apart those pages lie in the file.
 */
final class Written {
    private static final Path IO = Path.of("/proc/self/io");

    private Written() {
    }

    /** Empty where the system does not say (not Linux). */
    static OptionalLong soFar() {
        try {
            for (String line : Files.readAllLines(IO)) {
                if (line.startsWith("wchar:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("wchar:".length()).strip()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
