package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DataDirCheckTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a new data dir WHEN it is prepared THEN it is made, and the write probe leaves nothing behind")
    void newDirLeftEmpty() throws IOException {
        Path data = dir.resolve("data");

        DataDirCheck.prepare(data);

        assertEquals(List.of(), entries(data));
    }

    @Test
    @DisplayName("GIVEN a write probe left by a killed process that had this one's number WHEN the dir is prepared "
            + "THEN it passes and the probe is gone")
    void staleProbeRemoved() throws IOException {
        Files.writeString(dir.resolve(".afterglow-write-check-" + ProcessHandle.current().pid() + ".tmp"), "");

        DataDirCheck.prepare(dir);

        assertEquals(List.of(), entries(dir));
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
