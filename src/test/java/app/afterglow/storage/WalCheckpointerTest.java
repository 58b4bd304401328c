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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalCheckpointerTest {
    /** SQLite's default threshold for the checkpoint a commit runs, in pages. */
    private static final int SQLITE_DEFAULT_PAGES = 1000;
    private static final int PAGE = 4096;
    /** A log frame: a page and its 24-byte header. */
    private static final long FRAME = PAGE + 24;
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final Random random = new Random(30);

    @Test
    @DisplayName("GIVEN no checkpoint due from the checkpointer WHEN commits take the log past SQLite's default "
            + "checkpoint threshold THEN none of them copies it back: the file is as it was and the log keeps every page")
    void noCommitCopiesTheLogBelowTheBackstop() {
        try (Database database = Database.open(dir, new WalCheckpointer.Pace(Integer.MAX_VALUE, HOUR))) {
            createPad(database);
            long fileBefore = size(database.file());

            // Each commit writes a new leaf page and its parent's: well past SQLite's threshold, below the backstop.
            write(database, 700);

            assertEquals(fileBefore, size(database.file()), "a commit copied the log into the file");
            assertTrue(size(wal(database)) > SQLITE_DEFAULT_PAGES * FRAME, "log of " + size(wal(database)));
        }
    }

    @Test
    @DisplayName("GIVEN a checkpoint every 100 commits WHEN 100 transactions commit THEN the checkpointer copies "
            + "their pages into the database file by itself")
    void theCheckpointerCopiesTheLogAfterItsCommits() throws InterruptedException {
        try (Database database = Database.open(dir, new WalCheckpointer.Pace(100, HOUR))) {
            createPad(database);
            long fileBefore = size(database.file());

            write(database, 99);
            assertEquals(fileBefore, size(database.file()), "copied before its count of commits");
            write(database, 1);

            Await.until(WAIT, "the log copied into the file", () -> size(database.file()) >= fileBefore + 100L * PAGE);
        }
    }

    @Test
    @DisplayName("GIVEN a quiet host that commits a few times only WHEN the idle time has passed THEN what it "
            + "wrote is in the database file, though far fewer commits than the count were made")
    void aQuietHostsWritesReachTheFileAfterTheIdleTime() {
        try (Database database = Database.open(dir, new WalCheckpointer.Pace(Integer.MAX_VALUE, Duration.ofMillis(200)))) {
            createPad(database);
            long fileBefore = size(database.file());

            write(database, 5);

            Await.until(WAIT, "the log copied into the file", () -> size(database.file()) >= fileBefore + 5L * PAGE);
        }
    }

    @Test
    @DisplayName("GIVEN writes that pause once the checkpointer's count of commits is made WHEN thirty such rounds "
            + "have been written THEN the log started over each time, never holding more than a round's pages")
    void theLogStartsOverOnceAllOfItIsCopied() throws InterruptedException {
        int commits = 50;
        try (Database database = Database.open(dir, new WalCheckpointer.Pace(commits, HOUR))) {
            createPad(database);
            write(database, commits - 1);
            WalCheckpointer checkpointer = checkpointer(database);
            assertTrue(checkpointer.awaitDone(1, WAIT), "the first checkpoint never ran");
            long afterFirst = size(wal(database));
            long largest = 0;
            for (int round = 2; round <= 30; round++) {
                write(database, commits);
                assertTrue(checkpointer.awaitDone(round, WAIT), "checkpoint " + round + " never ran");
                largest = Math.max(largest, size(wal(database)));
            }
            // A log that started over is written from its start again, so its file stays the size it once had.
            assertTrue(largest <= afterFirst + commits * FRAME, "the log grew to " + largest + " bytes from " + afterFirst);
        }
    }

    @Test
    @DisplayName("GIVEN the checkpointer copying the log after every commit WHEN the log is truncated again and "
            + "again, as after each erasure THEN every truncation empties it, taking its turn")
    void aTruncationTakesItsTurnWithTheCheckpointer() {
        try (Database database = Database.open(dir, new WalCheckpointer.Pace(1, HOUR))) {
            createPad(database);
            for (int round = 0; round < 30; round++) {
                write(database, 20);
                database.checkpointWal();
                assertEquals(0, size(wal(database)), "round " + round);
            }
        }
    }

    @Test
    @DisplayName("WHEN the database closes THEN the checkpointer's thread has ended and no log is left beside the file")
    void closingStopsTheCheckpointerAndFoldsTheLog() {
        Database database = Database.open(dir, new WalCheckpointer.Pace(10, HOUR));
        createPad(database);
        write(database, 35);
        WalCheckpointer checkpointer = checkpointer(database);
        assertTrue(checkpointer.running());

        database.close();

        assertFalse(Files.exists(wal(database)), "a log was left");
        assertFalse(checkpointer.running(), "the checkpoint thread is left");
    }

    private static WalCheckpointer checkpointer(Database database) {
        return database.checkpointer();
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

    /** {@code transactions} transactions, each a row of nearly a page of random bytes. */
    private void write(Database database, int transactions) {
        byte[] value = new byte[4000];
        for (int i = 0; i < transactions; i++) {
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
