package app.afterglow.bench.scale;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kernel's page cache, emptied before a measurement when the scale run is asked to measure
 * cold ({@code bench.scale.cold}): a copy just made, or a build just finished, sits whole in
 * memory, where a host whose database has outgrown its memory reads it from disk. Linux only, and
 * root only: the cache is emptied by writing to {@code /proc/sys/vm/drop_caches}.
 */
final class PageCache {
    static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");
    /** File systems whose files are the page cache's pages: nothing of them is dropped. */
    static final Set<String> IN_MEMORY = Set.of("tmpfs", "ramfs");

    private PageCache() {
    }

    /**
     * Why the cache cannot be emptied of the files in {@code dir}, or of those it will hold once
     * made, in the words the run prints before it builds anything; empty if it can.
     */
    static Optional<String> whyNot(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        String store = Files.getFileStore(existing).type();
        if (IN_MEMORY.contains(store)) {
            return Optional.of(dir + " is on " + store + ", which keeps its files in memory whatever the "
                    + "page cache holds: give -Dbench.out a directory on a disk to measure cold");
        }
        // Writable by root alone, and by no one where /proc/sys is mounted read-only.
        if (!Files.isWritable(DROP_CACHES)) {
            return Optional.of("-Dbench.scale.cold=true empties the kernel's page cache before each measurement "
                    + "by writing " + DROP_CACHES + ", which needs Linux and root; run it as root, or without "
                    + "it to measure with the database in memory as it was left");
        }
        return Optional.empty();
    }

    /**
     * Writes the files in {@code dir} to disk, then has the kernel drop the clean pages it keeps,
     * theirs among them: a dirty page would stay in memory.
     */
    static void drop(Path dir) throws IOException {
        Optional<String> why = whyNot(dir);
        if (why.isPresent()) {
            throw new IllegalStateException(why.get());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
        // 1: the page cache alone; the kernel's caches of names and inodes do not hold the data.
        Files.writeString(DROP_CACHES, "1\n");
    }
}
