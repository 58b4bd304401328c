package app.afterglow.bench.scale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageCacheTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("Emptying the page cache writes a file's unwritten pages first, so none of it stays in memory")
    void dropsWrittenAndUnwrittenPages() throws Exception {
        Path file = dir.resolve("afterglow.db");
        byte[] bytes = new byte[4 << 20];
        new Random(14).nextBytes(bytes);
        // Just written: every page in memory and none yet on disk.
        Files.write(file, bytes);
        if (!PageCache.canDrop()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PageCache.drop(dir));
            assertTrue(refused.getMessage().contains("root"), refused::getMessage);
            return;
        }
        assertEquals(bytes.length, residentBytes(file), "the file written is in memory");

        PageCache.drop(dir);

        assertEquals(0, residentBytes(file), "nothing of it is left in memory");
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
