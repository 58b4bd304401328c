package app.afterglow.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Finds old rows without any time in clear. Times are sealed, so SQL cannot compare them; but a
 * table's ids grow as time passes (a row is made when what it records happens), so the newest row
 * made before a cutoff is found by bisecting the ids, opening about log2(rows) times. If the clock
 * ever went back, the order holds only roughly: callers open the time of every row they are about
 * to erase and keep those that are not old after all.
 */
final class IdOrder {
    /** A row's id and its opened time. */
    record Stamped(long id, Instant time) {
    }

    /** Reads the row with the smallest id at or above the one given, its time opened; empty if none. */
    @FunctionalInterface
    interface FirstFrom {
        Optional<Stamped> at(long id);
    }

    private IdOrder() {
    }

    /**
     * The id of the newest row among ids up to {@code maxId} whose time is before {@code cutoff},
     * or 0 when there is none.
     */
    static long lastBefore(long maxId, FirstFrom first, Instant cutoff) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(cutoff, "cutoff");
        long found = 0;
        long low = 1;
        long high = maxId;
        while (low <= high) {
            long middle = low + (high - low) / 2;
            Optional<Stamped> row = first.at(middle).filter(r -> r.id() <= maxId);
            if (row.isEmpty()) {
                high = middle - 1;
            } else if (row.get().time().isBefore(cutoff)) {
                found = row.get().id();
                low = row.get().id() + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /**
     * As {@link #lastBefore(long, FirstFrom, Instant)} over a table: {@code maxIdQuery} gives its
     * largest id, {@code firstFromQuery} (one parameter, an id) the first row at or above it, read
     * by {@code stamped}.
     */
    static long lastBefore(Sql sql, String maxIdQuery, String firstFromQuery, Sql.RowMapper<Stamped> stamped,
                           Instant cutoff) {
        long maxId = sql.one(maxIdQuery, row -> row.getLong(1)).orElse(0L);
        return lastBefore(maxId, from -> sql.one(firstFromQuery, stamped, from), cutoff);
    }

    /** Reads a row's id (column 1) and opens its sealed time (column 2), bound by {@code context} to that row. */
    static Sql.RowMapper<Stamped> stamped(SealedTimes times, LongFunction<String> context) {
        return row -> {
            long id = row.getLong(1);
            return new Stamped(id, times.open(row.getBytes(2), context.apply(id)));
        };
    }

    /** The ids of the rows whose opened time is before {@code cutoff}: a row below the one found may still be young if the clock went back. */
    static List<Long> before(List<Stamped> rows, Instant cutoff) {
        return rows.stream().filter(row -> row.time().isBefore(cutoff)).map(Stamped::id).toList();
    }
}
