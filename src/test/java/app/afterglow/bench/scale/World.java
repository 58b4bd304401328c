package app.afterglow.bench.scale;

import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.testing.TestBot;

import java.time.Instant;
import java.util.List;

/**
 * Who is in a scale database and what they do, at {@code size} times 1,000 people in 500
 * partnerships: persons {@code 2c} and {@code 2c + 1} are couple {@code c}. Every couple has a
 * session a week, on its own weekday; couple 0 has one every day, so its two people are the heavy
 * users, with hundreds of check-ins each, that history, export and erasure are measured on.
 */
record World(double size, int weeks) {
    /** A Friday, 18:00 UTC: sessions happen in the evening, follow-ups the next afternoon. */
    static final Instant START = Instant.parse("2025-01-03T18:00:00Z");
    static final int HEAVY_COUPLE = 0;
    private static final QuestionCatalog CATALOG = TestBot.catalog();

    World {
        if (!(size > 0) || weeks < 1) {
            throw new IllegalArgumentException("a scale run needs a size above 0 and at least a week: " + size + ", " + weeks);
        }
    }

    int couples() {
        return Math.max(2, (int) Math.round(500 * size));
    }

    int people() {
        return 2 * couples();
    }

    int days() {
        return 7 * weeks;
    }

    /** Whether couple {@code c} has its session on day {@code day}. */
    boolean sessionOn(int c, int day) {
        return c == HEAVY_COUPLE || c % 7 == day % 7;
    }

    /** The name of the directory a database of this world is kept in. */
    String name() {
        String s = size == Math.rint(size) ? String.valueOf((long) size) : String.valueOf(size);
        return "x" + s + (weeks == 52 ? "" : "-" + weeks + "w");
    }

    /** What a person types for each question of a standard set, in order: an answer that fits it. */
    static List<String> replies(CheckinKind kind) {
        return CATALOG.standard(kind).questions().stream().map(World::reply).toList();
    }

    private static String reply(Question q) {
        return switch (q.type()) {
            case SCALE -> String.valueOf(q.max() - 1);
            case ONE -> "1";
            case MANY -> "1 2";
            case TEXT -> "A few honest words about " + q.id() + ", as a person might write them after an evening together.";
        };
    }
}
