package app.afterglow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What an attacker with a copy of a data directory reads: its files as raw bytes (the database,
 * its WAL and SHM), searched for a value the test planted.
 */
public final class RawFiles {
    private RawFiles() {
    }

    /** Whether any file under {@code dir} holds {@code needle}'s UTF-8 bytes anywhere. */
    public static boolean contain(Path dir, String needle) {
        return contain(dir, needle.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether any file under {@code dir} holds the bytes {@code wanted} anywhere. */
    public static boolean contain(Path dir, byte[] wanted) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), wanted) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] hay, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= hay.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (hay[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
