package app.afterglow.bench.scale;

import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CommandParser;
import app.afterglow.core.Context;
import app.afterglow.core.CoreSettings;
import app.afterglow.core.Input;
import app.afterglow.core.Outcome;
import app.afterglow.core.Request;
import app.afterglow.core.messages.Message;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.Stores;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.testing.TestBot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real core and SQLite storage with a clock the scale run moves, driven through the one door
 * as an adapter drives it: every person acts as a console user, and what the core queues for
 * others is delivered right after each act that mailed something, as adapters do, so each person's screen is the one
 * the core believes they see. Unlike {@link TestBot} it keeps no inboxes, only what the last act
 * delivered: a year of messages for thousands of people would only fill the heap.
 */
final class Door implements AutoCloseable {
    private static final int REMINDER_BATCH = 1_000;
    private final ShiftableClock clock;
    private final SqliteStorage storage;
    private final Afterglow afterglow;
    private final List<Message> delivered = new ArrayList<>();
    private final Messenger messenger = entry -> {
        delivered.add(entry.message());
        return Messenger.Delivery.DELIVERED;
    };

    Door(Path dataDir, Instant now) {
        this.clock = new ShiftableClock(Clock.fixed(now, ZoneOffset.UTC));
        this.storage = SqliteStorage.open(dataDir, Optional.empty());
        this.afterglow = new Afterglow(storage.stores(), TestBot.catalog(), CoreSettings.defaults(), clock);
    }

    static PlatformUser user(int person) {
        return PlatformUser.human(Platform.CONSOLE, "p" + person, "Person " + person);
    }

    /** A typed command without its slash, e.g. {@code command(3, "partner invite p4")}. */
    List<Message> command(int person, String command) {
        return act(person, run(command));
    }

    private static Input run(String command) {
        CommandParser.Result parsed = CommandParser.parse(command,
                h -> Optional.of(PlatformUser.human(Platform.CONSOLE, h, h)));
        return new Input.Run(parsed.command().orElseThrow(() -> new IllegalArgumentException("not a command: " + command)));
    }

    /**
     * A command whose messages for others are not delivered, as while the platform cannot be
     * reached: they wait in the outbox for a later delivery.
     */
    void commandUndelivered(int person, String command) {
        afterglow.handle(Request.direct(user(person), Context.PRIVATE, run(command)));
    }

    List<Message> say(int person, String words) {
        return act(person, new Input.Say(words));
    }

    /**
     * What the act answered, then what it queued for anyone, delivered when the act says it
     * mailed something, as the Discord adapter does.
     */
    private List<Message> act(int person, Input input) {
        Outcome outcome = afterglow.handle(Request.direct(user(person), Context.PRIVATE, input));
        List<Message> said = new ArrayList<>(outcome.here());
        delivered.clear();
        if (outcome.mailed()) {
            deliver();
            said.addAll(delivered);
        }
        return said;
    }

    private void deliver() {
        delivered.clear();
        afterglow.deliver(Platform.CONSOLE, messenger);
    }

    /** One tick of the ticker: due jobs, then delivery. Returns how many jobs ran. */
    int tick() {
        int ran = afterglow.runDueJobs();
        deliver();
        return ran;
    }

    /** How many messages the last delivery delivered. */
    int delivered() {
        return delivered.size();
    }

    /**
     * Schedules {@code count} reminders due at {@code due} through the job store, as the core
     * schedules its own, each in the transaction of a batch: for a ticker with more work waiting
     * than the build's couples make. They name no check-in, so they must not fall due.
     */
    void scheduleReminders(int count, Instant due) {
        Stores stores = storage.stores();
        for (int done = 0; done < count; done += REMINDER_BATCH) {
            int batch = Math.min(REMINDER_BATCH, count - done);
            stores.transactions().run(() -> {
                for (int i = 0; i < batch; i++) {
                    stores.jobs().schedule(new Job(0, Job.Kind.REMIND, due, Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty()));
                }
            });
        }
    }

    /** Whether the outbox holds nothing due now; a tick that delivered nothing may still have left some. */
    boolean nothingDue() {
        Stores stores = storage.stores();
        return stores.transactions().inTransaction(
                () -> stores.outbox().due(Platform.CONSOLE, clock.instant(), 1).isEmpty());
    }

    Instant now() {
        return clock.instant();
    }

    void advance(Duration by) {
        clock.advance(by);
    }

    @Override
    public void close() {
        storage.close();
    }
}
