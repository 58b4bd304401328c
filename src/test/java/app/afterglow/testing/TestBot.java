package app.afterglow.testing;

import app.afterglow.config.ConfigException;
import app.afterglow.config.QuestionSetLoader;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CommandParser;
import app.afterglow.core.Context;
import app.afterglow.core.CoreSettings;
import app.afterglow.core.Input;
import app.afterglow.core.Request;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.messages.PlainText;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.store.Stores;
import app.afterglow.storage.SqliteStorage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The real bot (core and SQLite storage in a temporary directory, encryption on) driven the
 * way an adapter would, with a clock the test moves. Records every delivered message per person.
 */
public final class TestBot implements AutoCloseable {
    /** A Friday evening: far from quiet hours in UTC. */
    public static final Instant START = Instant.parse("2026-11-20T18:00:00Z");

    private final Path dir;
    private final CoreSettings settings;
    private final ShiftableClock clock;
    private final Map<String, List<Message>> inboxes = new HashMap<>();
    private final PlainText text = new PlainText("/");
    private SqliteStorage storage;
    private Afterglow afterglow;

    /** The default settings without quiet hours, so a scheduled message arrives the moment it is due. */
    public TestBot(Path dir) {
        this(dir, CoreSettings.defaults().withoutQuietHours());
    }

    public TestBot(Path dir, CoreSettings settings) {
        this.dir = dir;
        this.settings = settings;
        this.clock = new ShiftableClock(Clock.fixed(START, ZoneOffset.UTC));
        open();
    }

    /** The built-in question sets, loaded as the bot loads them. */
    public static QuestionCatalog catalog() {
        try {
            return QuestionSetLoader.load(Optional.empty());
        } catch (ConfigException e) {
            throw new AssertionError("the built-in question sets do not load", e);
        }
    }

    private void open() {
        storage = SqliteStorage.open(dir, Optional.empty());
        afterglow = new Afterglow(storage.stores(), catalog(), settings, clock);
    }

    /** Stops and starts again on the same files, like a process restart. */
    public void restart() {
        storage.close();
        open();
    }

    public Afterglow afterglow() {
        return afterglow;
    }

    /** The storage under the bot, for a test that must set up what no input can (a damaged row, say). */
    public Stores stores() {
        return storage.stores();
    }

    public Path dir() {
        return dir;
    }

    public static PlatformUser user(String name) {
        return PlatformUser.human(Platform.CONSOLE, name.toLowerCase(Locale.ROOT), name);
    }

    /** A typed command without its slash, e.g. {@code command("alice", "partner invite bob")}. */
    public List<Message> command(String who, String command) {
        CommandParser.Result parsed = CommandParser.parse(command, h -> Optional.of(user(h)));
        if (parsed.command().isEmpty()) {
            throw new AssertionError("not a command: " + command + " — " + parsed.problem().map(text::text).orElse(""));
        }
        return act(who, new Input.Run(parsed.command().get()), Context.PRIVATE);
    }

    public List<Message> say(String who, String words) {
        return act(who, new Input.Say(words), Context.PRIVATE);
    }

    public List<Message> press(String who, String ref) {
        return act(who, new Input.Press(ref), Context.PRIVATE);
    }

    public List<Message> answer(String who, String ref, String... values) {
        return act(who, new Input.Answer(ref, List.of(values)), Context.PRIVATE);
    }

    public List<Message> act(String who, Input input, Context context) {
        List<Message> replies = afterglow.handle(Request.direct(user(who), context, input)).here();
        settle();
        return replies;
    }

    /** Lets time pass, running what falls due and delivering what it sends. */
    public void advance(Duration by) {
        clock.advance(by);
        settle();
    }

    /** Lets time pass and nothing else: what falls due waits for the next delivery or {@link #settle()}. */
    public void passTime(Duration by) {
        clock.advance(by);
    }

    public Instant now() {
        return clock.instant();
    }

    public void settle() {
        Messenger recorder = entry -> {
            inboxes.computeIfAbsent(entry.recipient().id(), k -> new ArrayList<>()).add(entry.message());
            return Messenger.Delivery.DELIVERED;
        };
        afterglow.deliver(Platform.CONSOLE, recorder);
        afterglow.runDueJobs();
        afterglow.deliver(Platform.CONSOLE, recorder);
    }

    /** Everything delivered to the person by DM since the last call, and forgets it. */
    public List<Message> inbox(String who) {
        List<Message> got = inboxes.getOrDefault(who.toLowerCase(Locale.ROOT), new ArrayList<>());
        inboxes.remove(who.toLowerCase(Locale.ROOT));
        return got;
    }

    public static String plain(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        messages.forEach(m -> sb.append(m.plain()));
        return sb.toString();
    }

    /** The ref of the action labelled {@code label} in the last message that has one. */
    public static String ref(List<Message> messages, String label) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            for (Action a : messages.get(i).actions()) {
                if (a.label().equals(label)) {
                    return a.ref();
                }
            }
        }
        throw new AssertionError("no action '" + label + "' in " + plain(messages));
    }

    /** The prompt ref of the last message asking a question. */
    public static String promptRef(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).prompt().isPresent()) {
                return messages.get(i).prompt().get().ref();
            }
        }
        throw new AssertionError("no question in " + plain(messages));
    }

    /** Makes alice and bob partners, and forgets the messages that took. */
    public void partners(String a, String b) {
        command(a, "partner invite " + b);
        command(b, "partner accept " + a);
        inbox(a);
        inbox(b);
    }

    @Override
    public void close() {
        storage.close();
    }
}
