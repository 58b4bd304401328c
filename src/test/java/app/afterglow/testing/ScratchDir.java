package app.afterglow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory for a JUnit extension's bot, since JUnit injects {@code @TempDir} into
 * tests, not into extensions: the extension makes it before a test and deletes it, with
 * everything in it, after.
 */
public final class ScratchDir {
    private ScratchDir() {
    }

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a temporary directory", e);
        }
    }

    /** A temporary directory deleted, with everything in it, when closed. */
    public static Scoped scoped(String prefix) {
        return new Scoped(create(prefix));
    }

    public record Scoped(Path path) implements AutoCloseable {
        @Override
        public void close() {
            delete(path);
        }
    }

    public static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
