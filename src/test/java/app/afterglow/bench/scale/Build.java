package app.afterglow.bench.scale;

import app.afterglow.core.questions.CheckinKind;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Builds a scale database through the core's door, as people would over a year: partnerships,
 * aftercare preferences, a weekly session with its before and after check-ins and the next day's
 * follow-up, all answered, partly shared and submitted. At the end every couple but the heavy one
 * leaves a check-in open late in the evening while the platform cannot be reached: its reminders
 * and expiry are pending jobs, and what it sent the partner waits in the outbox.
 *
 * <p>A large size takes longer to build than a machine may be free for, so a build can stop after
 * any whole day once a time budget is spent, and a later build of the same directory goes on from
 * the next day, with the door's clock where it was: what it builds is what one build would have.
 * How far it came is kept beside the database, written only once the storage is closed.
 */
final class Build {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROGRESS = "progress.json";
    /** A budget no build spends. */
    static final Duration UNLIMITED = Duration.ofDays(36_500);
    private static final List<String> BEFORE = World.replies(CheckinKind.BEFORE);
    private static final List<String> AFTER = World.replies(CheckinKind.AFTER);
    private static final List<String> FOLLOWUP = World.replies(CheckinKind.FOLLOWUP);
    private static final List<String> PREFS = World.replies(CheckinKind.PREFS);

    private final World world;
    private final Door door;
    private final Progress from;
    private final long budgetNanos;
    private final long started = System.nanoTime();
    private long interactions;

    private Build(World world, Door door, Progress from, Duration budget) {
        this.world = world;
        this.door = door;
        this.from = from;
        this.interactions = from.interactions();
        this.budgetNanos = budget.toNanos();
    }

    /**
     * How far a build of {@code world} has come: the next day to build (the partnerships and
     * preferences come before day 0; {@code world.days()} means finished), the interactions so far,
     * and the seconds its runs took.
     */
    record Progress(int nextDay, long interactions, double seconds) {
        static final Progress NONE = new Progress(-1, 0, 0);

        boolean finished(World world) {
            return nextDay >= world.days();
        }
    }

    /**
     * Builds {@code world} into {@code dataDir}, from where an earlier build of it stopped, until
     * it is finished or, after a whole day, {@code budget} is spent; returns how far it came.
     */
    static Progress into(World world, Path dataDir, Duration budget) throws IOException {
        Path kept = dataDir.resolve(PROGRESS);
        Progress from = Files.isRegularFile(kept) ? JSON.readValue(kept.toFile(), Progress.class) : Progress.NONE;
        // Gone while this build runs: a build killed before it stops leaves no progress to go on from.
        Files.deleteIfExists(kept);
        long started = System.nanoTime();
        Progress reached;
        Instant clock = World.START.plus(Duration.ofDays(Math.max(0, from.nextDay())));
        try (Door door = new Door(dataDir, clock)) {
            Build build = new Build(world, door, from, budget);
            int next = build.run();
            reached = new Progress(next, build.interactions, from.seconds() + (System.nanoTime() - started) / 1e9);
        }
        if (!reached.finished(world)) {
            JSON.writeValue(kept.toFile(), reached);
        }
        return reached;
    }

    /** Builds from {@link #from} on; returns the next day to build. */
    private int run() {
        if (from.nextDay() < 0) {
            partnerships();
            if (spent()) {
                return 0;
            }
        }
        for (int day = Math.max(0, from.nextDay()); day < world.days(); day++) {
            day(day);
            door.advance(Duration.ofDays(1));
            if (day + 1 < world.days() && spent()) {
                return day + 1;
            }
        }
        door.tick();
        // Late in the evening, and the platform out of reach: what goes to a partner waits in the outbox.
        door.advance(Duration.ofHours(5));
        for (int c = 0; c < world.couples(); c++) {
            if (c != World.HEAVY_COUPLE) {
                door.commandUndelivered(2 * c, "checkin after p" + (2 * c + 1));
                interactions++;
            }
        }
        return world.days();
    }

    private boolean spent() {
        return System.nanoTime() - started > budgetNanos;
    }

    private void partnerships() {
        for (int c = 0; c < world.couples(); c++) {
            command(2 * c, "partner invite p" + (2 * c + 1));
            command(2 * c + 1, "partner accept p" + (2 * c));
            for (int person : new int[]{2 * c, 2 * c + 1}) {
                if (person % 10 == 3) {
                    command(person, "settings quiet 23:00-07:00");
                }
                command(person, "prefs");
                answer(person, PREFS);
            }
        }
    }

    private void day(int day) {
        door.tick();
        if (day > 0) {
            for (int c = 0; c < world.couples(); c++) {
                if (world.sessionOn(c, day - 1)) {
                    answer(2 * c, FOLLOWUP);
                    answer(2 * c + 1, FOLLOWUP);
                }
            }
        }
        for (int c = 0; c < world.couples(); c++) {
            if (world.sessionOn(c, day)) {
                session(c);
            }
        }
        if (day % 7 == 6) {
            System.out.printf(Locale.ROOT, "bench scale %s: week %d of %d built, %d interactions, %.0f s%n",
                    world.name(), day / 7 + 1, world.weeks(), interactions,
                    from.seconds() + (System.nanoTime() - started) / 1e9);
        }
    }

    private void session(int c) {
        command(2 * c, "session start");
        answer(2 * c, BEFORE);
        answer(2 * c + 1, BEFORE);
        command(2 * c + 1, "session end");
        answer(2 * c + 1, AFTER);
        answer(2 * c, AFTER);
    }

    /** Answers every question on screen, shares the first answer and submits. */
    private void answer(int person, List<String> replies) {
        for (String reply : replies) {
            say(person, reply);
        }
        say(person, "share 1");
        say(person, "submit");
    }

    private void command(int person, String command) {
        door.command(person, command);
        interactions++;
    }

    private void say(int person, String words) {
        door.say(person, words);
        interactions++;
    }
}
