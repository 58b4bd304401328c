package app.afterglow.storage;

import app.afterglow.core.questions.CheckinKind;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, backups: a consistent, still sealed copy made beside a running bot. */
@Timeout(60)
class BackupTest {
    private static final String PLANTED = "planted-answer-b4c7-lantern";
    private static final String FILLER = "f".repeat(20_000);

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a database filled through the real flows, its data-dir lock held as a running bot holds it, "
            + "and a writer that keeps writing WHEN it is backed up THEN the copy passes SQLite's check, opens with "
            + "the same key, shows the revealed answers, and holds none of them in plain text")
    @SuppressWarnings("try") // the lock is held, not used, as a running bot holds it
    void consistentSealedCopyWhileWriting() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path copy = dir.resolve("afterglow-backup.db");
        AtomicInteger writes = new AtomicInteger();
        try (DataDirLock lock = DataDirLock.acquire(data); TestBot bot = new TestBot(data)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.AFTER, PLANTED);
            Fixtures.answerFirstText(bot, "bob", CheckinKind.AFTER, "bob-words");
            assertTrue(plain(bot.inbox("bob")).contains(PLANTED), "control: the shared answer was revealed");

            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (SqliteStorage other = SqliteStorage.open(data, Optional.empty())) {
                    while (!stop.get()) {
                        int n = writes.incrementAndGet();
                        other.stores().transactions().run(() ->
                                other.stores().adapterState().put("test", "counter", n + FILLER));
                    }
                }
            }, "backup-test-writer");
            writer.start();
            awaitMoreWrites(writes, 20);

            Backup.Written written = Backup.to(data, copy, false);

            awaitMoreWrites(writes, 20);
            stop.set(true);
            writer.join();
            assertEquals(copy, written.file());
            assertEquals(Files.size(copy), written.bytes());
            assertEquals(Migrations.bundled().latest(), written.schemaVersion());
        }

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        assertFalse(Files.exists(dir.resolve("afterglow-backup.db-wal")), "the copy is one file");
        byte[] raw = Files.readAllBytes(copy);
        assertFalse(contains(raw, PLANTED.getBytes(StandardCharsets.UTF_8)));
        assertFalse(contains(raw, "lantern".getBytes(StandardCharsets.UTF_8)));
        assertFalse(contains(raw, "alice".getBytes(StandardCharsets.UTF_8)), "names are sealed too");
        assertTrue(contains(raw, "schema_version".getBytes(StandardCharsets.UTF_8)), "control: the search finds plain text");

        Path restored = Files.createDirectory(dir.resolve("restored"));
        Files.copy(copy, restored.resolve(Database.FILE_NAME));
        Files.copy(dir.resolve("data").resolve(KeyFile.FILE_NAME), restored.resolve(KeyFile.FILE_NAME));
        try (TestBot bot = new TestBot(restored)) {
            assertTrue(plain(bot.command("alice", "history")).contains(PLANTED), "the restored copy reads back");
        }
        int counter = counterIn(restored);
        assertTrue(counter > 0 && counter <= writes.get(), "a whole write from the writer: " + counter);
    }

    @Test
    @DisplayName("GIVEN a backup file that exists WHEN backing up without overwrite THEN it is refused, naming the "
            + "file and --force, and the file is untouched; WITH overwrite THEN it is replaced; no partial file stays")
    void refusesToOverwriteUnlessTold() throws IOException {
        Path data = dir.resolve("data");
        try (SqliteStorage storage = Fixtures.open(data)) {
            Fixtures.person(storage, "1", "Ana");
        }
        Path target = Files.writeString(dir.resolve("existing.db"), "keep me");

        StorageException refused = assertThrows(StorageException.class, () -> Backup.to(data, target, false));
        assertTrue(refused.getMessage().contains(target.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
        assertEquals("keep me", Files.readString(target));

        Backup.to(data, target, true);
        assertTrue(new String(Files.readAllBytes(target), 0, 15, StandardCharsets.US_ASCII).startsWith("SQLite format 3"));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".partial")));
        }
    }

    @Test
    @DisplayName("GIVEN a data dir with no database WHEN backing up THEN it says there is nothing to back up, "
            + "and creates no database")
    void nothingToBackUp() {
        Path data = dir.resolve("data");

        StorageException e = assertThrows(StorageException.class, () -> Backup.to(data, dir.resolve("b.db"), false));

        assertTrue(e.getMessage().contains("There is no database to back up at"), e.getMessage());
        assertFalse(Files.exists(data.resolve(Database.FILE_NAME)));
        assertFalse(Files.exists(dir.resolve("b.db")));
    }

    @Test
    @DisplayName("GIVEN a backup named as the database's own file WHEN backing up THEN it is refused")
    void neverOverTheDatabase() {
        Path data = dir.resolve("data");
        try (SqliteStorage storage = Fixtures.open(data)) {
            Fixtures.person(storage, "1", "Ana");
        }

        assertThrows(StorageException.class, () -> Backup.to(data, data.resolve(Database.FILE_NAME), true));
    }

    private static int counterIn(Path restored) {
        try (SqliteStorage storage = SqliteStorage.open(restored, Optional.empty())) {
            String value = storage.stores().transactions().inTransaction(
                    () -> storage.stores().adapterState().get("test", "counter")).orElseThrow();
            assertTrue(value.endsWith(FILLER), "the value was copied whole");
            return Integer.parseInt(value.substring(0, value.length() - FILLER.length()));
        }
    }

    private static void awaitMoreWrites(AtomicInteger writes, int more) throws InterruptedException {
        int target = writes.get() + more;
        while (writes.get() < target) {
            Thread.sleep(5);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
