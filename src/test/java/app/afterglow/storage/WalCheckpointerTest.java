package app.afterglow.storage;

import app.afterglow.testing.Await;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalCheckpointerTest {
    /** SQLite's own checkpoint threshold, in pages; a log frame is a page and a 24-byte header. */
    private static final long SQLITE_THRESHOLD_PAGES = 1000;
    private static final long FRAME_BYTES = 4096 + 24;
    private static final Duration NEVER = Duration.ofHours(1);
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    @TempDir
    Path dir;

    private final Random random = new Random(14);

    @Test
    @DisplayName("GIVEN no checkpoint due from the checkpointer WHEN transactions take the log well past SQLite's own "
            + "checkpoint size THEN none of the commits copies it into the database file: the log keeps every page")
    void commitsNeverFoldTheLog() {
        try (Database database = Database.open(dir, NEVER, NO_LIMIT)) {
            createPad(database);
            long fileBefore = size(database.file());
            write(database, 2 * SQLITE_THRESHOLD_PAGES);

            assertEquals(fileBefore, size(database.file()), "a commit copied the log into the file");
            assertTrue(size(wal(database)) > 2 * SQLITE_THRESHOLD_PAGES * FRAME_BYTES, "log " + size(wal(database)));
        }
    }

    @Test
    @DisplayName("GIVEN a long log and no transaction running WHEN the checkpointer's turn comes THEN it copies the log "
            + "into the database file by itself")
    void theCheckpointerFoldsTheLogInTheBackground() {
        try (Database database = Database.open(dir, Duration.ofMillis(100), NO_LIMIT)) {
            createPad(database);
            long fileBefore = size(database.file());
            write(database, SQLITE_THRESHOLD_PAGES);

            Await.until(Duration.ofSeconds(10), "the log copied into the file",
                    () -> size(database.file()) >= fileBefore + SQLITE_THRESHOLD_PAGES * 4096);
        }
    }

    @Test
    @DisplayName("GIVEN writes that never pause, so the log is never all copied when a write begins WHEN it grows past "
            + "the limit THEN the next commit empties it")
    void aLogPastTheLimitIsEmptiedBetweenTransactions() throws InterruptedException {
        int limit = 200;
        try (Database database = Database.open(dir, Duration.ofMillis(50), limit)) {
            createPad(database);
            boolean pastLimit = false;
            boolean emptied = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!emptied && System.nanoTime() < deadline) {
                write(database, 8);
                long log = size(wal(database));
                pastLimit |= log > limit * FRAME_BYTES;
                emptied = pastLimit && log == 0;
            }
            assertTrue(pastLimit, "the log never passed the limit");
            assertTrue(emptied, "the log past the limit was never emptied");
        }
    }

    @Test
    @DisplayName("GIVEN the checkpointer folding a long log WHEN a person is erased THEN the erasure's own checkpoint "
            + "still empties the log, taking its turn")
    void anErasuresCheckpointTakesItsTurn() {
        try (Database database = Database.open(dir, Duration.ofMillis(1), NO_LIMIT)) {
            createPad(database);
            for (int round = 0; round < 20; round++) {
                write(database, 100);
                database.checkpointWal();
                assertEquals(0, size(wal(database)), "round " + round);
            }
        }
    }

    private static void createPad(Database database) {
        database.run(() -> {
            try (Statement create = database.connection().createStatement()) {
                create.execute("CREATE TABLE pad (value BLOB)");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** About {@code pages} pages of log: one row of a page's worth of random bytes a transaction. */
    private void write(Database database, long pages) {
        byte[] value = new byte[4000];
        for (long i = 0; i < pages; i++) {
            random.nextBytes(value);
            database.run(() -> {
                try (PreparedStatement insert = database.connection().prepareStatement("INSERT INTO pad (value) VALUES (?)")) {
                    insert.setBytes(1, value);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    private static Path wal(Database database) {
        return database.file().resolveSibling(database.file().getFileName() + "-wal");
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
