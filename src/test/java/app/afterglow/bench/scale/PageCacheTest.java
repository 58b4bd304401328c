package app.afterglow.bench.scale;

import app.afterglow.testing.ScratchDir;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PageCacheTest {
    /** In the build's directory, as the scale run's databases are: the system's temporary one may be in memory. */
    @TempDir(factory = InTarget.class)
    Path dir;

    @Test
    @DisplayName("Emptying the page cache writes a file's unwritten pages first, so none of it stays in memory")
    void dropsWrittenAndUnwrittenPages() throws Exception {
        Path file = dir.resolve("afterglow.db");
        byte[] bytes = new byte[4 << 20];
        new Random(14).nextBytes(bytes);
        // Just written: every page in memory and none yet on disk.
        Files.write(file, bytes);
        Optional<String> whyNot = PageCache.whyNot(dir);
        if (whyNot.isPresent()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PageCache.drop(dir));
            assertEquals(whyNot.get(), refused.getMessage());
            assertTrue(whyNot.get().contains("root") || whyNot.get().contains("on a disk"), whyNot::get);
            return;
        }
        assertEquals(bytes.length, residentBytes(file), "the file written is in memory");

        PageCache.drop(dir);

        assertEquals(0, residentBytes(file), "nothing of it is left in memory");
    }

    @Test
    @DisplayName("A directory kept in memory (tmpfs) is refused with what to do, not measured as if cold")
    void refusesADirectoryKeptInMemory() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && PageCache.IN_MEMORY.contains(Files.getFileStore(shm).type()),
                "a tmpfs at /dev/shm, as Linux has");
        Path inMemory = Files.createTempDirectory(shm, "afterglow-page-cache-");
        try {
            Files.writeString(inMemory.resolve("afterglow.db"), "kept in memory");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PageCache.drop(inMemory));
            assertTrue(refused.getMessage().contains("tmpfs") && refused.getMessage().contains("-Dbench.out"),
                    refused::getMessage);
            // Refused up front too, for a directory the run has yet to make there.
            assertTrue(PageCache.whyNot(inMemory.resolve("scale/x1")).orElseThrow().contains("tmpfs"));
        } finally {
            ScratchDir.delete(inMemory);
        }
    }

    /** Makes a test's temporary directory under the build's {@code target}. */
    static final class InTarget implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
            Path target = Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(target, "page-cache-test-");
        }
    }

    /** What of the file the kernel holds in memory, by util-linux's fincore (always there on Debian). */
    private static long residentBytes(Path file) throws IOException, InterruptedException {
        Process fincore = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(fincore.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(fincore.waitFor(10, TimeUnit.SECONDS), "fincore ended");
        assertEquals(0, fincore.exitValue(), out);
        return Long.parseLong(out);
    }
}
