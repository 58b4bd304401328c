package app.afterglow.storage;

import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Sealed times of a table's rows, opened once and kept in memory, so that due work can be found
 * with no time in clear and without opening every row on every tick. A row's times are written
 * with a fresh random tag (drawn from a {@code SecureRandom}, 64 bits); what is kept here stands
 * for as long as the row carries the tag it was opened under. A tag is never drawn twice, so a
 * write that was rolled back cannot leave a wrong time behind once its row is read again: its tag
 * is simply never read. Which rows to read again after a rollback is kept here too
 * ({@link #touched}). Thread-safe.
 *
 * <p>A large deployment keeps hundreds of thousands of rows here (every pending job and queued
 * message), so they are kept in primitive arrays, about 60 bytes a row, not as objects: a map of
 * records and a sorted set of them took 190 bytes a row, 43 MB of a 64 MB heap at 100,000 people.
 * The rows are also kept in a binary heap by when they fall due (by id among equal times), so the
 * due ones are found without going through the rest. No collections library offers such a heap
 * over two primitive keys with removal of any row, hence this one; the map from row id to where
 * the row is kept is HPPC's.
 */
final class OpenedTimes {
    /** Past this many rows to open, one pass over the table from the first reads them faster than a query each. */
    private static final int ONE_BY_ONE = 32;
    /** Past this many rows changed, reading each again after a rollback would cost more than listing them all. */
    private static final int TOUCHED_AT_MOST = 1_000;

    /** Reads every row from {@code firstId} on, offering each with its tag and a way to open it. */
    @FunctionalInterface
    interface Pass {
        void readFrom(long firstId, Offer offer);
    }

    @FunctionalInterface
    interface Offer {
        void row(long rowId, long tag, Supplier<Opened> open);
    }

    /** What is opened from a row: when it is due, and the time its age counts from for retention. */
    record Opened(Instant due, Instant since) {
        /** A row whose age counts from when it is due. */
        static Opened due(Instant due) {
            return new Opened(due, due);
        }
    }

    /** Where each row's times are kept: an index into the arrays below. */
    private final LongIntHashMap slotOf = new LongIntHashMap();
    private long[] rowIds = new long[16];
    private long[] tags = new long[16];
    /** Times as epoch milliseconds, as they are stored ({@link Sql#stored}). */
    private long[] dueMillis = new long[16];
    private long[] sinceMillis = new long[16];
    /** Each slot's position in {@link #heap}. */
    private int[] heapPositions = new int[16];
    /** Slots, the earliest due first: each is due no later than the two below it. */
    private int[] heap = new int[16];
    private int size;
    /** Rows put or forgotten since {@link #forgetTouched}, in the order they were, repeats and all. */
    private final long[] touchedRows = new long[TOUCHED_AT_MOST];
    /** How many of {@link #touchedRows} are in use; past its length, more than it holds. */
    private int touchedCount;

    /** Keeps {@code opened}, just written to the row under {@code tag}. */
    synchronized void put(long rowId, long tag, Opened opened) {
        touch(rowId);
        drop(rowId);
        if (size == rowIds.length) {
            grow();
        }
        int slot = size++;
        slotOf.put(rowId, slot);
        rowIds[slot] = rowId;
        tags[slot] = tag;
        dueMillis[slot] = millis(opened.due());
        sinceMillis[slot] = millis(opened.since());
        heap[slot] = slot;
        heapPositions[slot] = slot;
        siftUp(slot);
    }

    /** Forgets the row, which is gone. */
    synchronized void forget(long rowId) {
        if (drop(rowId)) {
            touch(rowId);
        }
    }

    /** Whether the row was kept. */
    private boolean drop(long rowId) {
        int index = slotOf.indexOf(rowId);
        if (!slotOf.indexExists(index)) {
            return false;
        }
        int slot = slotOf.indexGet(index);
        slotOf.indexRemove(index);
        int position = heapPositions[slot];
        int last = --size;
        if (position != last) {
            int moved = heap[last];
            place(moved, position);
            siftDown(position);
            siftUp(heapPositions[moved]);
        }
        if (slot != last) {
            moveSlot(last, slot);
        }
        return true;
    }

    /** Whether what is kept for the row was opened under {@code tag}. */
    synchronized boolean holds(long rowId, long tag) {
        int index = slotOf.indexOf(rowId);
        return slotOf.indexExists(index) && tags[slotOf.indexGet(index)] == tag;
    }

    /** The rows kept as due at or before {@code now}, earliest first (by id among equal times), at most {@code limit}. */
    synchronized List<Long> dueBy(Instant now, int limit) {
        long nowMillis = millis(now);
        List<Long> due = new ArrayList<>();
        // The heap is walked from its top, always to the earliest position not taken yet: only the
        // rows taken and the ones just below them are looked at.
        PriorityQueue<Integer> next = new PriorityQueue<>((a, b) -> earlier(heap[a], heap[b]) ? -1 : 1);
        if (size > 0) {
            next.add(0);
        }
        while (due.size() < limit && !next.isEmpty()) {
            int position = next.poll();
            int slot = heap[position];
            if (dueMillis[slot] > nowMillis) {
                break;
            }
            due.add(rowIds[slot]);
            for (int child = 2 * position + 1; child <= 2 * position + 2 && child < size; child++) {
                next.add(child);
            }
        }
        return due;
    }

    /**
     * The rows kept as due at or before {@code now} with the lowest ids, lowest first, at most
     * {@code limit}: only the due rows and those just below them in the heap are looked at, and
     * only the lowest ids are kept while they are (a start may find tens of thousands due, of which
     * a delivery takes fifty).
     */
    synchronized long[] lowestIdsDueBy(Instant now, int limit) {
        long nowMillis = millis(now);
        // The highest of the lowest ids on top; an id is boxed only when it enters.
        PriorityQueue<Long> lowest = new PriorityQueue<>(Comparator.reverseOrder());
        int[] toVisit = new int[64];
        int pending = 0;
        if (size > 0 && limit > 0) {
            toVisit[pending++] = 0;
        }
        while (pending > 0) {
            int position = toVisit[--pending];
            int slot = heap[position];
            if (dueMillis[slot] > nowMillis) {
                continue;
            }
            long rowId = rowIds[slot];
            if (lowest.size() < limit) {
                lowest.add(rowId);
            } else if (rowId < lowest.peek()) {
                lowest.poll();
                lowest.add(rowId);
            }
            for (int child = 2 * position + 1; child <= 2 * position + 2 && child < size; child++) {
                if (pending == toVisit.length) {
                    toVisit = Arrays.copyOf(toVisit, toVisit.length * 2);
                }
                toVisit[pending++] = child;
            }
        }
        return lowest.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The rows whose age counts from before {@code cutoff}, in no particular order. */
    synchronized List<Long> rowsSinceBefore(Instant cutoff) {
        List<Long> old = new ArrayList<>();
        for (int slot = 0; slot < size; slot++) {
            if (Instant.ofEpochMilli(sinceMillis[slot]).isBefore(cutoff)) {
                old.add(rowIds[slot]);
            }
        }
        return old;
    }

    /**
     * Keeps the times of exactly the rows in {@code tags} (row id to its tag, as the table holds
     * them now): those not kept under that tag are opened, one by one with {@code openOne} when
     * few, else in one {@code pass}; rows no longer in the table are forgotten. {@code openOne}
     * gives null for a row that is gone.
     */
    synchronized void keepExactly(LongLongHashMap tags, LongFunction<Opened> openOne, Pass pass) {
        // Backwards, as forgetting a row moves the last slot into its place.
        for (int slot = size - 1; slot >= 0; slot--) {
            if (!tags.containsKey(rowIds[slot])) {
                forget(rowIds[slot]);
            }
        }
        long[] unopened = new long[tags.size()];
        int count = 0;
        for (var row : tags) {
            if (!holds(row.key, row.value)) {
                unopened[count++] = row.key;
            }
        }
        Arrays.sort(unopened, 0, count);
        if (count > ONE_BY_ONE) {
            pass.readFrom(unopened[0], (rowId, tag, open) -> {
                if (tags.containsKey(rowId) && !holds(rowId, tag)) {
                    put(rowId, tag, open.get());
                }
            });
        }
        for (int i = 0; i < count; i++) {
            long rowId = unopened[i];
            long tag = tags.get(rowId);
            if (!holds(rowId, tag)) {
                Opened opened = openOne.apply(rowId);
                if (opened != null) {
                    put(rowId, tag, opened);
                }
            }
        }
    }

    /**
     * The rows put or forgotten since {@link #forgetTouched}, each once, in no particular order;
     * empty if there were too many to be worth reading one by one.
     */
    synchronized Optional<long[]> touched() {
        if (touchedCount > touchedRows.length) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(touchedRows, 0, touchedCount).distinct().toArray());
    }

    /** Forgets which rows were put or forgotten, as what is kept for them can no longer be undone. */
    synchronized void forgetTouched() {
        touchedCount = 0;
    }

    private void touch(long rowId) {
        if (touchedCount < touchedRows.length) {
            touchedRows[touchedCount] = rowId;
        }
        touchedCount = Math.min(touchedCount + 1, touchedRows.length + 1);
    }

    /** How many rows are kept. */
    synchronized int size() {
        return size;
    }

    private boolean earlier(int slot, int other) {
        return dueMillis[slot] != dueMillis[other] ? dueMillis[slot] < dueMillis[other] : rowIds[slot] < rowIds[other];
    }

    /** Moves what is kept in slot {@code from} to the free slot {@code to}. */
    private void moveSlot(int from, int to) {
        rowIds[to] = rowIds[from];
        tags[to] = tags[from];
        dueMillis[to] = dueMillis[from];
        sinceMillis[to] = sinceMillis[from];
        slotOf.put(rowIds[to], to);
        place(to, heapPositions[from]);
    }

    private void siftUp(int position) {
        int slot = heap[position];
        while (position > 0) {
            int parent = (position - 1) / 2;
            if (!earlier(slot, heap[parent])) {
                break;
            }
            place(heap[parent], position);
            position = parent;
        }
        place(slot, position);
    }

    private void siftDown(int position) {
        int slot = heap[position];
        while (true) {
            int child = 2 * position + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && earlier(heap[child + 1], heap[child])) {
                child++;
            }
            if (!earlier(heap[child], slot)) {
                break;
            }
            place(heap[child], position);
            position = child;
        }
        place(slot, position);
    }

    private void place(int slot, int position) {
        heap[position] = slot;
        heapPositions[slot] = position;
    }

    private void grow() {
        int length = rowIds.length + (rowIds.length >> 1);
        rowIds = Arrays.copyOf(rowIds, length);
        tags = Arrays.copyOf(tags, length);
        dueMillis = Arrays.copyOf(dueMillis, length);
        sinceMillis = Arrays.copyOf(sinceMillis, length);
        heapPositions = Arrays.copyOf(heapPositions, length);
        heap = Arrays.copyOf(heap, length);
    }

    /** Epoch milliseconds, rounded down; past the range of a long, its end. */
    private static long millis(Instant time) {
        try {
            return time.toEpochMilli();
        } catch (ArithmeticException beyond) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
