package app.afterglow.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Sealed times of a table's rows, opened once and kept in memory, so that due work can be found
 * with no time in clear and without opening every row on every tick. A row's times are written
 * with a fresh random tag (drawn from a {@code SecureRandom}, 64 bits); what is kept here stands
 * for as long as the row carries the tag it was opened under. A tag is never drawn twice, so a
 * write that was rolled back cannot leave a wrong time behind once the tags are listed again: its
 * tag is simply never read. The rows are also kept in the order they fall due, so the due ones are
 * found without going through the rest. Thread-safe.
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

    private record Slot(Instant due, long rowId) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(rowId, other.rowId);
        }
    }

    private final Function<T, Instant> dueOf;
    private final Map<Long, Kept<T>> byRow = new HashMap<>();
    private final NavigableSet<Slot> byDue = new TreeSet<>();

    /** @param dueOf when the row is due, from what is kept for it */
    OpenedTimes(Function<T, Instant> dueOf) {
        this.dueOf = dueOf;
    }

    /** Keeps {@code value}, just written to the row under {@code tag}. */
    synchronized void put(long rowId, long tag, T value) {
        forget(rowId);
        byRow.put(rowId, new Kept<>(tag, value));
        byDue.add(new Slot(dueOf.apply(value), rowId));
    }

    /** Forgets the row, which is gone. */
    synchronized void forget(long rowId) {
        Kept<T> kept = byRow.remove(rowId);
        if (kept != null) {
            byDue.remove(new Slot(dueOf.apply(kept.value()), rowId));
        }
    }

    /** Whether what is kept for the row was opened under {@code tag}. */
    synchronized boolean holds(long rowId, long tag) {
        Kept<T> kept = byRow.get(rowId);
        return kept != null && kept.tag() == tag;
    }

    /** The rows kept as due at or before {@code now}, earliest first (by id among equal times), at most {@code limit}. */
    synchronized List<Long> dueBy(Instant now, int limit) {
        List<Long> due = new ArrayList<>();
        for (Slot slot : byDue) {
            if (due.size() == limit || slot.due().isAfter(now)) {
                break;
            }
            due.add(slot.rowId());
        }
        return due;
    }

    /** The rows whose kept value passes {@code test}, in no particular order. */
    synchronized List<Long> rowsWhere(Predicate<T> test) {
        return byRow.entrySet().stream().filter(row -> test.test(row.getValue().value())).map(Map.Entry::getKey).toList();
    }

    /**
     * Keeps the times of exactly the rows in {@code tags} (row id to its tag, as the table holds
     * them now): those not kept under that tag are opened, one by one with {@code openOne} when
     * few, else in one {@code pass}; rows no longer in the table are forgotten.
     */
    synchronized void keepExactly(Map<Long, Long> tags, LongFunction<T> openOne, Pass<T> pass) {
        List.copyOf(byRow.keySet()).stream().filter(rowId -> !tags.containsKey(rowId)).forEach(this::forget);
        List<Long> unopened = tags.entrySet().stream().filter(t -> !holds(t.getKey(), t.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        if (unopened.size() > ONE_BY_ONE) {
            pass.readFrom(unopened.get(0), (rowId, tag, open) -> {
                if (tags.containsKey(rowId) && !holds(rowId, tag)) {
                    put(rowId, tag, open.get());
                }
            });
        }
        tags.forEach((rowId, tag) -> {
            if (!holds(rowId, tag)) {
                put(rowId, tag, openOne.apply(rowId));
            }
        });
    }
}
