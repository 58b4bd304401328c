package app.afterglow.consent;

import app.afterglow.console.ConsoleChat;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CoreSettings;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.testing.TestBot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The real bot behind the console platform, in a fresh directory, one typed line at a time. */
final class ConsoleRun implements AutoCloseable {
    /** A Friday evening in UTC: four hours before quiet hours start. */
    static final Instant START = Instant.parse("2026-11-20T18:00:00Z");

    private final Path dir;
    private final SqliteStorage storage;
    private final ConsoleChat chat;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ConsoleRun() {
        try {
            dir = Files.createTempDirectory("consent-model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage = SqliteStorage.open(dir, Optional.empty());
        ShiftableClock clock = new ShiftableClock(Clock.fixed(START, ZoneOffset.UTC));
        Afterglow bot = new Afterglow(storage.stores(), TestBot.catalog(), CoreSettings.defaults(), clock);
        chat = new ConsoleChat(bot, clock, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    /** Types one line and returns everything it printed. */
    List<String> type(String line) {
        bytes.reset();
        chat.handle(line);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Every line printed by typing {@code script} in order, in a fresh bot. */
    static List<String> replay(List<String> script) {
        try (ConsoleRun run = new ConsoleRun()) {
            List<String> all = new ArrayList<>();
            script.forEach(line -> all.addAll(run.type(line)));
            return all;
        }
    }

    @Override
    public void close() {
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
