package app.afterglow.bench.scale;

import app.afterglow.core.questions.CheckinKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Builds a scale database through the core's door, as people would over a year: partnerships,
 * aftercare preferences, a weekly session with its before and after check-ins and the next day's
 * follow-up, all answered, partly shared and submitted. At the end every couple but the heavy one
 * leaves a check-in open late in the evening while the platform cannot be reached: its reminders
 * and expiry are pending jobs, and what it sent the partner waits in the outbox.
 */
final class Build {
    private static final List<String> BEFORE = World.replies(CheckinKind.BEFORE);
    private static final List<String> AFTER = World.replies(CheckinKind.AFTER);
    private static final List<String> FOLLOWUP = World.replies(CheckinKind.FOLLOWUP);
    private static final List<String> PREFS = World.replies(CheckinKind.PREFS);

    private final World world;
    private final Door door;
    private long interactions;

    private Build(World world, Door door) {
        this.world = world;
        this.door = door;
    }

    /** Builds {@code world} into {@code dataDir}; returns the interactions it took. */
    static long into(World world, Path dataDir) {
        try (Door door = new Door(dataDir, World.START)) {
            Build build = new Build(world, door);
            build.run();
            return build.interactions;
        }
    }

    private void run() {
        long started = System.nanoTime();
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
        for (int day = 0; day < world.days(); day++) {
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
                        world.name(), day / 7 + 1, world.weeks(), interactions, (System.nanoTime() - started) / 1e9);
            }
            door.advance(Duration.ofDays(1));
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
