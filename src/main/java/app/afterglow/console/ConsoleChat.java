package app.afterglow.console;

import app.afterglow.core.Afterglow;
import app.afterglow.core.CommandParser;
import app.afterglow.core.Context;
import app.afterglow.core.Input;
import app.afterglow.core.Request;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.messages.PlainText;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console platform: one terminal where you play every person. Each input line is
 * {@code NAME: TEXT}; every message the bot sends is printed as {@code [to NAME] …}, exactly what
 * that person would read in their DM. {@code /clock +25h}, on a line of its own or after a name,
 * lets time pass. Single-threaded.
 */
public final class ConsoleChat {
    private static final Pattern LINE = Pattern.compile("^\\s*([\\p{L}\\p{N}_.\\-]{1,32})\\s*:\\s?(.*)$");
    private static final Pattern SHIFT = Pattern.compile("^\\+?(\\d{1,5})\\s*([mhd])$");
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** The bot's own name here: inviting it is inviting a bot. */
    private static final String BOT_NAME = "afterglow";

    private final Afterglow afterglow;
    private final ShiftableClock clock;
    private final PrintStream out;
    private final PlainText text = new PlainText("/");
    private final Map<String, String> displayNames = new HashMap<>();
    private final Messenger messenger = entry -> {
        print(entry.recipient().displayName(), entry.message());
        return Messenger.Delivery.DELIVERED;
    };

    public ConsoleChat(Afterglow afterglow, ShiftableClock clock, PrintStream out) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Reads lines until the end of input. Messages already due (from before a restart) are delivered first. */
    public void run(BufferedReader in) throws IOException {
        settle();
        String line;
        while ((line = in.readLine()) != null) {
            handle(line);
        }
    }

    /** Handles one input line and prints everything it caused. */
    public void handle(String raw) {
        if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
            return;
        }
        // Time passing is nobody's action, so it needs no name, though "alice: /clock +25h" works too.
        if (isClock(raw)) {
            clock(raw.strip().substring("/clock".length()).trim());
            settle();
            return;
        }
        Matcher m = LINE.matcher(raw);
        if (!m.matches()) {
            out.println("[console] Lines look like NAME: TEXT, for example  alice: /help   (nothing was sent)");
            return;
        }
        PlatformUser speaker = user(m.group(1), true);
        String said = m.group(2);
        if (isClock(said)) {
            clock(said.strip().substring("/clock".length()).trim());
        } else if (said.trim().startsWith("/")) {
            CommandParser.Result parsed = CommandParser.parse(said.trim().substring(1), handle -> Optional.of(user(handle, false)));
            if (parsed.problem().isPresent()) {
                out.println("[to " + speaker.displayName() + "] " + text.text(parsed.problem().get()));
            } else {
                reply(speaker, afterglow.handle(Request.direct(speaker, Context.PRIVATE,
                        new Input.Run(parsed.command().orElseThrow()))).here());
            }
        } else {
            reply(speaker, afterglow.handle(Request.direct(speaker, Context.PRIVATE, new Input.Say(said))).here());
        }
        settle();
    }

    private static boolean isClock(String line) {
        return line.strip().toLowerCase(Locale.ROOT).startsWith("/clock");
    }

    private void clock(String argument) {
        Matcher m = SHIFT.matcher(argument.toLowerCase(Locale.ROOT));
        if (!argument.isEmpty() && !m.matches()) {
            out.println("[console] Say /clock +30m, /clock +25h or /clock +2d to let time pass.");
            return;
        }
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            clock.advance(switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        out.println("[clock] " + NOW.format(clock.instant()));
    }

    private void settle() {
        afterglow.deliver(Platform.CONSOLE, messenger);
        afterglow.runDueJobs();
        afterglow.deliver(Platform.CONSOLE, messenger);
    }

    private void reply(PlatformUser to, List<Message> messages) {
        messages.forEach(message -> print(to.displayName(), message));
    }

    private void print(String to, Message message) {
        String prefix = "[to " + to + "] ";
        text.lines(message).forEach(line -> out.println(prefix + line));
        message.attachment().ifPresent(file -> {
            out.println(prefix + "(file " + file.filename() + ")");
            file.content().lines().forEach(line -> out.println(prefix + line));
        });
    }

    /** A console person: names are matched without regard to case and keep the spelling first used by the person. */
    private PlatformUser user(String name, boolean speaking) {
        String handle = name.startsWith("@") ? name.substring(1) : name;
        String id = handle.toLowerCase(Locale.ROOT);
        String display = speaking ? displayNames.computeIfAbsent(id, k -> handle) : displayNames.getOrDefault(id, handle);
        return new PlatformUser(Platform.CONSOLE, id, display, id.equals(BOT_NAME));
    }
}
