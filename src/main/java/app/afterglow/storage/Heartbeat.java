package app.afterglow.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The running bot's sign of progress, for {@code afterglow health}: the file {@code heartbeat} in
 * the data directory says when the bot last finished a tick (its jobs run and its outbox
 * delivered) and which process it is. A bot that is stuck or failing stops writing it, so the
 * file goes stale; one that ended leaves a pid that no longer runs.
 *
 * <p>A file rather than a row, so that the check needs neither the data key nor the database, and
 * never contends with the bot for it. Written whole and moved into place, so a reader never sees
 * half of it. {@link #beat} is for the one thread that ticks; {@link #check} for any process.
 */
public final class Heartbeat {
    public static final String FILE_NAME = "heartbeat";

    private final Path file;
    private final Clock clock;

    public Heartbeat(Path dataDir, Clock clock) {
        this.file = Objects.requireNonNull(dataDir, "dataDir").resolve(FILE_NAME);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records that this process made progress now. */
    public void beat() throws IOException {
        Path next = file.resolveSibling(FILE_NAME + ".next");
        Files.writeString(next, clock.instant() + " " + ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Whether an Afterglow runs on {@code dataDir} and made progress within {@code maxAge}.
     *
     * @return empty when it did; otherwise one line saying why not
     */
    public static Optional<String> check(Path dataDir, Duration maxAge, Clock clock) {
        Path file = dataDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.of("no Afterglow has run on " + dataDir + " (no " + FILE_NAME + " file there)");
        } catch (IOException e) {
            return Optional.of("could not read " + file + ": " + HostFacts.reason(e));
        }
        String[] parts = text.split(" ");
        Instant last;
        long pid;
        try {
            last = Instant.parse(parts[0]);
            pid = Long.parseLong(parts[parts.length - 1]);
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.of(file + " holds no heartbeat");
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.of("no Afterglow is running on " + dataDir + ": pid " + pid + ", last seen at " + last
                    + ", has ended");
        }
        Duration age = Duration.between(last, clock.instant());
        if (age.compareTo(maxAge) > 0) {
            return Optional.of("the Afterglow on " + dataDir + " (pid " + pid + ") has made no progress for "
                    + age.toSeconds() + " s, since " + last + "; its log says why");
        }
        return Optional.empty();
    }
}
