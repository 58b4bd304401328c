package app.afterglow.testing;

import app.afterglow.console.ConsoleChat;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CoreSettings;
import app.afterglow.storage.SqliteStorage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The console chat in this JVM, on a real SQLite file, with the default settings (quiet hours
 * 22:00–08:00 UTC) and a clock that starts where the test says: lines in, printed lines out.
 */
public final class ConsoleSession implements AutoCloseable {
    private final SqliteStorage storage;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ConsoleChat chat;

    public ConsoleSession(Path dir, Instant start) {
        storage = SqliteStorage.open(dir, Optional.empty());
        ShiftableClock clock = new ShiftableClock(Clock.fixed(start, ZoneOffset.UTC));
        Afterglow afterglow = new Afterglow(storage.stores(), TestBot.catalog(), CoreSettings.defaults(), clock);
        chat = new ConsoleChat(afterglow, clock, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    /** Types each {@code NAME: TEXT} line in turn, as the console reads them. */
    public ConsoleSession type(String... lines) {
        for (String line : lines) {
            chat.handle(line);
        }
        return this;
    }

    /** Everything printed so far, line by line. */
    public List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** What {@code name} has read so far, without the {@code [to name] } prefix. */
    public String transcript(String name) {
        String prefix = "[to " + name + "] ";
        StringBuilder sb = new StringBuilder();
        lines().stream().filter(l -> l.startsWith(prefix)).forEach(l -> sb.append(l.substring(prefix.length())).append('\n'));
        return sb.toString();
    }

    @Override
    public void close() {
        storage.close();
    }
}
