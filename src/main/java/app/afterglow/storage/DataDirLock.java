package app.afterglow.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * One Afterglow per data directory: an exclusive lock on {@code <dataDir>/afterglow.lock}, so a
 * second copy can never deliver the same messages twice. The operating system holds the lock for
 * the process, so it ends with the process however that ends — SIGKILL included — and a restart
 * after a crash never meets a stale lock; the file itself stays, holding the last holder's pid.
 *
 * <p>Lifecycle: acquire once at start-up, before the database opens or a platform logs in, and
 * keep it reachable until the end; {@link #close} releases it. Not for sharing between threads.
 * Acquire it once per process, and let nothing else in the process open the lock file: on POSIX,
 * closing any descriptor of a file drops the process's locks on it.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE_NAME = "afterglow.lock";

    private final FileChannel channel;

    private DataDirLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Takes the lock at once or fails at once, and writes this process's pid into the file.
     *
     * @throws StorageException when another process holds it (naming its pid when the file
     *                          tells), or the lock file cannot be opened
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize().resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("Could not open the lock file " + file + ": " + HostFacts.reason(e) + ".");
        }
        try {
            if (channel.tryLock() == null) {
                Optional<Long> pid = holder(channel);
                closeQuietly(channel);
                throw held(file.getParent(), pid);
            }
            channel.truncate(0);
            channel.write(StandardCharsets.US_ASCII.encode(ProcessHandle.current().pid() + "\n"), 0);
            return new DataDirLock(channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("Could not lock " + file + ": " + HostFacts.reason(e) + ".");
        }
    }

    private static StorageException held(Path dataDir, Optional<Long> pid) {
        return new StorageException("Another Afterglow (" + pid.map(p -> "pid " + p).orElse("pid unknown")
                + ") holds the data directory " + dataDir + ", and only one may use it at a time: stop that one"
                + " first, or give this one its own data.dir (AFTERGLOW_DATA_DIR).");
    }

    /** The pid the holder wrote; empty if it has not written it yet, or the file holds something else. */
    private static Optional<Long> holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("\\d{1,18}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The failure being reported matters more than this one.
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        closeQuietly(channel);
    }
}
