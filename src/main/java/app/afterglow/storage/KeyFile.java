package app.afterglow.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The data key kept in {@code <dataDir>/afterglow.key}, readable by its owner only, for
 * deployments that do not pass the key in from outside; or, while {@code rotate-key} finishes, the
 * new key in {@code afterglow.key.new} beside it.
 */
final class KeyFile {
    static final String FILE_NAME = "afterglow.key";
    static final String PENDING_NAME = FILE_NAME + ".new";

    private static final Logger log = LoggerFactory.getLogger(KeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path path;

    KeyFile(Path dataDir) {
        this(dataDir, FILE_NAME);
    }

    private KeyFile(Path dataDir, String name) {
        this.path = Objects.requireNonNull(dataDir, "dataDir").resolve(name);
    }

    /** Where {@code rotate-key} puts the new key until the database is sealed with it. */
    static KeyFile pending(Path dataDir) {
        return new KeyFile(dataDir, PENDING_NAME);
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** Reads the key; warns (without failing) when others may read the file too. */
    DataKey read() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StorageException("Could not read the key file " + path, e);
        }
        if (posix()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    log.warn("The key file {} can be read by others ({}); `chmod 600` it",
                            path, PosixFilePermissions.toString(permissions));
                }
            } catch (IOException e) {
                log.warn("Could not check the permissions of the key file {}", path, e);
            }
        }
        return DataKey.fromBase64(text, origin());
    }

    /**
     * Generates a new key and writes it. The file appears whole or not at all, with owner-only
     * permissions from its first byte: it is written under a temporary name created with those
     * permissions, then renamed.
     */
    DataKey create(SecureRandom random) {
        DataKey key = DataKey.generate(random, origin());
        write(key);
        log.info("Created a new data key in {}; back it up, the data cannot be read without it", path);
        return key;
    }

    /** Writes {@code key}, replacing what the file held; whole or not at all, owner-only from the first byte. */
    void write(DataKey key) {
        Path temp = null;
        try {
            FileAttribute<?>[] attributes = posix()
                    ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            temp = Files.createTempFile(path.getParent(), "." + FILE_NAME + "-", ".tmp", attributes);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.US_ASCII.encode(key.toBase64() + "\n"));
                channel.force(true);
            }
            moveIntoPlace(temp);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException("Could not write the key file " + path, e);
        }
        if (!posix()) {
            log.warn("This file system has no POSIX permissions; restrict access to {} by hand", path);
        }
    }

    /** Renames this file over {@code target}, at once: the key there is this one from then on. */
    void replace(KeyFile target) {
        try {
            moveInto(path, target.path);
        } catch (IOException e) {
            throw new StorageException("Could not move the key file " + path + " to " + target.path + ": "
                    + HostFacts.reason(e) + ". Move it there by hand: the database needs that key now.");
        }
    }

    private void moveIntoPlace(Path temp) throws IOException {
        moveInto(temp, path);
    }

    private static void moveInto(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("Could not delete the temporary key file {}", temp, e);
        }
    }

    private String origin() {
        return "the key file " + path;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
