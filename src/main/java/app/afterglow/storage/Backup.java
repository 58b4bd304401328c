package app.afterglow.storage;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;

/**
 * A copy of the database made with SQLite's online backup while the bot may be running: it reads
 * the database through a connection of its own and takes no data-directory lock, so the running
 * bot goes on writing meanwhile. The copy is the database as it stood at one moment, sealed
 * values still sealed: it is no use without the data key, which is not in it.
 */
public final class Backup {
    /** Copies the whole database in one step: one read transaction, so one consistent moment. */
    private static final int ALL_PAGES = -1;
    private static final int BUSY_SLEEP_MILLIS = 100;
    private static final int BUSY_TRIES = 100;
    private static final int SQLITE_OK = 0;
    private static final Set<String> DATABASE_FILES = Set.of(Database.FILE_NAME, Database.FILE_NAME + "-wal",
            Database.FILE_NAME + "-shm", Database.FILE_NAME + "-journal");

    /**
     * What was written.
     *
     * @param file          the backup
     * @param bytes         its size
     * @param schemaVersion the schema version it holds, which the Afterglow restoring it must know
     */
    public record Written(Path file, long bytes, int schemaVersion) {
    }

    private Backup() {
    }

    /**
     * Copies {@code <dataDir>/afterglow.db} to {@code target}. The copy is written beside the
     * target under a temporary name, readable by its owner only, checked with SQLite's
     * {@code quick_check}, and only then renamed into place: a failed backup leaves no file that
     * looks whole. The copy is one file, with no write-ahead log beside it.
     *
     * @param overwrite whether an existing {@code target} may be replaced
     * @throws StorageException if there is no database, {@code target} exists and may not be
     *                          replaced, or the copy cannot be made; the message says which
     */
    public static Written to(Path dataDir, Path target, boolean overwrite) {
        Path source = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize().resolve(Database.FILE_NAME);
        Path file = Objects.requireNonNull(target, "target").toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new StorageException("There is no database to back up at " + source
                    + ": check data.dir (AFTERGLOW_DATA_DIR).");
        }
        if (file.getParent().equals(source.getParent()) && DATABASE_FILES.contains(file.getFileName().toString())) {
            throw new StorageException("A backup cannot be written over the database's own files (" + file + ").");
        }
        if (Files.isDirectory(file)) {
            throw new StorageException("The backup file " + file + " is a directory: name a file.");
        }
        if (Files.exists(file) && !overwrite) {
            throw new StorageException("The backup file " + file + " already exists: name another file, or pass"
                    + " --force to replace it.");
        }
        Path parent = file.getParent();
        if (!Files.isDirectory(parent)) {
            throw new StorageException("Could not write the backup " + file + ": the directory " + parent
                    + " does not exist.");
        }
        Path temp;
        try {
            temp = Files.createTempFile(parent, "." + file.getFileName() + "-", ".partial", ownerOnly());
        } catch (IOException e) {
            throw new StorageException("Could not write the backup " + file + ": " + HostFacts.reason(e) + ".");
        }
        try {
            copy(source, temp);
            int version = check(temp, file);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            long bytes = Files.size(temp);
            moveIntoPlace(temp, file, overwrite);
            return new Written(file, bytes, version);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("Could not write the backup " + file + ": " + HostFacts.reason(e) + ".");
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void copy(Path source, Path temp) {
        // From the data dir, as the bot's start loads it: a temp dir the bot cannot use, this cannot either.
        if (!SqliteLibrary.load(source.getParent())) {
            throw new StorageException(SqliteLibrary.NOT_LOADED);
        }
        SQLiteConfig config = new SQLiteConfig();
        // Never create a database where there was none, should it vanish between the check and here.
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(BUSY_SLEEP_MILLIS * BUSY_TRIES);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + source)) {
            // Not "backup to", whose 100 pages at a time start over whenever another process
            // writes in between, which a busy bot may do forever.
            int rc = connection.unwrap(SQLiteConnection.class).getDatabase().backup("main", temp.toString(), null,
                    BUSY_SLEEP_MILLIS, BUSY_TRIES, ALL_PAGES);
            if (rc != SQLITE_OK) {
                throw new StorageException("Could not copy the database " + source + " (SQLite error " + rc + ").");
            }
        } catch (SQLException e) {
            throw new StorageException("Could not read the database " + source + " to back it up", e);
        }
    }

    /** The copy's schema version, once SQLite finds it sound; it is left as one file, without a WAL. */
    private static int check(Path temp, Path file) {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + temp);
             Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("PRAGMA quick_check")) {
                if (!result.next() || !"ok".equals(result.getString(1))) {
                    throw new StorageException("The backup " + file + " did not pass SQLite's check; it was not kept.");
                }
            }
            statement.execute("PRAGMA journal_mode = DELETE");
            try (ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new StorageException("Could not check the backup " + file + "; it was not kept", e);
        }
    }

    /** Both in one directory, so a rename: whole or not at all, and never over a file unless asked. */
    private static void moveIntoPlace(Path temp, Path file, boolean overwrite) throws IOException {
        if (!overwrite) {
            Files.move(temp, file);
            return;
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The failure being reported matters more; a leftover ".partial" names itself.
        }
    }
}
