package app.afterglow.storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Sealed times of a table's rows, opened once and kept in memory, so that due work can be found
 * with no time in clear and without opening every row on every tick. A row's times are written
 * with a fresh random tag (drawn from a {@code SecureRandom}, 64 bits); what is kept here stands for as long as the row carries the tag it was
 * opened under. A tag is never drawn twice, so a write that was rolled back cannot leave a wrong
 * time behind: its tag is simply never read again. Thread-safe.
 *
 * @param <T> what is kept for each row
 */
final class OpenedTimes<T> {
    /** Past this many rows to open, one pass over the table from the first reads them faster than a query each. */
    private static final int ONE_BY_ONE = 32;

    /** Reads every row from {@code firstId} on, offering each with its tag and a way to open it. */
    @FunctionalInterface
    interface Pass<T> {
        void readFrom(long firstId, Offer<T> offer);
    }

    @FunctionalInterface
    interface Offer<T> {
        void row(long rowId, long tag, Supplier<T> open);
    }

    private record Kept<T>(long tag, T value) {
    }

    private final Map<Long, Kept<T>> byRow = new ConcurrentHashMap<>();

    /** Keeps {@code value}, just written to the row under {@code tag}. */
    void put(long rowId, long tag, T value) {
        byRow.put(rowId, new Kept<>(tag, value));
    }

    /**
     * The times of exactly the rows in {@code tags} (row id to its tag, as the table holds them
     * now): those not kept under that tag are opened, one by one with {@code openOne} when few,
     * else in one {@code pass}; rows no longer in the table are forgotten.
     */
    Map<Long, T> current(Map<Long, Long> tags, LongFunction<T> openOne, Pass<T> pass) {
        byRow.keySet().retainAll(tags.keySet());
        List<Long> unopened = tags.entrySet().stream().filter(t -> !holds(t.getKey(), t.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        if (unopened.size() > ONE_BY_ONE) {
            pass.readFrom(unopened.get(0), (rowId, tag, open) -> {
                if (tags.containsKey(rowId) && !holds(rowId, tag)) {
                    put(rowId, tag, open.get());
                }
            });
        }
        Map<Long, T> current = new HashMap<>();
        tags.forEach((rowId, tag) -> {
            Kept<T> kept = byRow.get(rowId);
            if (kept == null || kept.tag() != tag) {
                kept = new Kept<>(tag, openOne.apply(rowId));
                byRow.put(rowId, kept);
            }
            current.put(rowId, kept.value());
        });
        return current;
    }

    private boolean holds(long rowId, long tag) {
        Kept<T> kept = byRow.get(rowId);
        return kept != null && kept.tag() == tag;
    }
}
