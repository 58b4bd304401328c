package app.afterglow.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks a data directory before anything opens it, so that each way a host can get it wrong —
 * a file where the directory should be, a directory or database this uid may not write, a file
 * that is not a database — is told in one sentence with the path and the operating system's
 * reason, instead of surfacing later as an SQLite error. A wrong data key is caught after, by
 * {@link SqliteStorage#open}.
 */
public final class DataDirCheck {
    /** Every SQLite database file begins with these 16 bytes. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DataDirCheck() {
    }

    /**
     * Makes {@code dataDir} if it is missing (owner-only, as {@link Database#open} would), then
     * checks it. Touches nothing but a short-lived probe file in it.
     *
     * @throws StorageException naming the path and the reason; {@link StorageException#explanation()}
     *                          adds who Afterglow runs as
     */
    public static void prepare(Path dataDir) {
        Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StorageException("The data directory " + dir + " is not a directory" + HostFacts.ownership(dir)
                    + ": point data.dir (AFTERGLOW_DATA_DIR) at a directory, or move that file away.");
        }
        if (!Files.isDirectory(dir)) {
            try {
                Database.createPrivately(dir);
            } catch (IOException e) {
                throw new StorageException("Could not create the data directory " + dir + ": " + HostFacts.reason(e)
                        + ".");
            }
        }
        probeWrite(dir);
        Path database = dir.resolve(Database.FILE_NAME);
        for (String suffix : new String[]{"", "-wal", "-shm"}) {
            Path file = dir.resolve(Database.FILE_NAME + suffix);
            if (Files.exists(file)) {
                requireWritableFile(file);
            }
        }
        if (Files.exists(database)) {
            requireSqlite(database);
        }
    }

    /**
     * SQLite writes its journal beside the database, so the directory itself must take new files.
     * The probe is named after the process rather than by {@link Files#createTempFile}, whose random
     * name sets up {@code SecureRandom}, about 40 ms on the way to Discord's login.
     */
    private static void probeWrite(Path dir) {
        Path probe = dir.resolve(".afterglow-write-check-" + ProcessHandle.current().pid() + ".tmp");
        try {
            // one left by a process of the same number that was killed in between
            Files.deleteIfExists(probe);
            Files.delete(Files.createFile(probe));
        } catch (IOException e) {
            throw new StorageException("Afterglow cannot write in the data directory " + dir
                    + HostFacts.ownership(dir) + ": " + HostFacts.reason(e) + ".");
        }
    }

    @SuppressWarnings("try") // the channel is opened only to see that it can be
    private static void requireWritableFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StorageException("The database file " + file + " is not a regular file"
                    + HostFacts.ownership(file) + ": move it away.");
        }
        // Opening for writing changes nothing, and asks the operating system itself, which also
        // knows about read-only mounts.
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // open is the whole check
        } catch (IOException e) {
            throw new StorageException("The database file " + file + " cannot be written" + HostFacts.ownership(file)
                    + ": " + HostFacts.reason(e) + ".");
        }
    }

    /** An empty file is a database SQLite has yet to write; anything else must carry its header. */
    private static void requireSqlite(Path database) {
        byte[] start;
        try (InputStream in = Files.newInputStream(database)) {
            start = in.readNBytes(SQLITE_HEADER.length);
        } catch (IOException e) {
            throw new StorageException("The database file " + database + " cannot be read: " + HostFacts.reason(e)
                    + ".");
        }
        if (start.length > 0 && !Arrays.equals(start, SQLITE_HEADER)) {
            throw new StorageException("The file " + database + " is not an SQLite database, so it is not Afterglow's:"
                    + " Afterglow leaves it untouched. Restore the database from a backup, or move the file away"
                    + " to start afresh.");
        }
    }
}
