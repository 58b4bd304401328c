package app.afterglow.storage;

import com.carrotsearch.hppc.LongLongHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kept times answer exactly as a plain map of every row would, through random puts, forgets,
 * re-puts under new tags and full re-listings, with many rows due at the same moment (so the order
 * among equal times, by id, is tried often) and ids reused after they were forgotten.
 */
class OpenedTimesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final int SEEDS = 30;
    private static final int STEPS = 3_000;

    private record Row(long tag, Instant due, Instant since) {
    }

    @Test
    @DisplayName("due rows, their order, their ages and their tags match a plain map's after random writes")
    void matchesAPlainMapOfEveryRow() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            walk(new Random(seed), seed);
        }
    }

    private static void walk(Random random, long seed) {
        OpenedTimes kept = new OpenedTimes();
        Map<Long, Row> table = new HashMap<>();
        int idRange = 5 + random.nextInt(400);
        for (int step = 0; step < STEPS; step++) {
            String where = "seed " + seed + " step " + step;
            int move = random.nextInt(100);
            long rowId = 1 + random.nextInt(idRange);
            if (move < 55) {
                Row row = new Row(random.nextLong(), time(random), time(random));
                table.put(rowId, row);
                kept.put(rowId, row.tag(), new OpenedTimes.Opened(row.due(), row.since()));
            } else if (move < 85) {
                table.remove(rowId);
                kept.forget(rowId);
            } else if (move < 92) {
                relist(random, kept, table, where);
            } else {
                Row row = table.get(rowId);
                assertEquals(row != null, row != null && kept.holds(rowId, row.tag()), where);
                assertFalse(kept.holds(rowId, random.nextLong()), where);
            }
            Instant now = time(random).plusNanos(random.nextBoolean() ? 0 : random.nextInt(1_000_000));
            int limit = 1 + random.nextInt(random.nextBoolean() ? 3 : 1_000);
            assertEquals(dueBy(table, now, limit), kept.dueBy(now, limit), where + ": due by " + now + ", " + limit);
            assertEquals(dueBy(table, now, Integer.MAX_VALUE).stream().sorted().limit(limit).toList(),
                    Arrays.stream(kept.lowestIdsDueBy(now, limit)).boxed().toList(), where + ": lowest ids due by " + now);
            assertEquals(sinceBefore(table, now), kept.rowsSinceBefore(now).stream().sorted().toList(), where);
            assertEquals(table.size(), kept.size(), where);
        }
    }

    /**
     * The table changes behind the kept times (some rows gone, some written anew, some new) and is
     * then listed in full: only rows not kept under their current tag are opened, and the kept
     * times then match the table.
     */
    private static void relist(Random random, OpenedTimes kept, Map<Long, Row> table, String where) {
        for (Long rowId : List.copyOf(table.keySet())) {
            int change = random.nextInt(10);
            if (change == 0) {
                table.remove(rowId);
            } else if (change == 1) {
                table.put(rowId, new Row(random.nextLong(), time(random), time(random)));
            }
        }
        for (int i = random.nextInt(50); i > 0; i--) {
            table.put(1_000L + random.nextInt(100), new Row(random.nextLong(), time(random), time(random)));
        }
        LongLongHashMap tags = new LongLongHashMap();
        table.forEach((rowId, row) -> tags.put(rowId, row.tag()));
        Map<Long, Integer> opened = new TreeMap<>();
        kept.keepExactly(tags, rowId -> {
            opened.merge(rowId, 1, Integer::sum);
            Row row = table.get(rowId);
            return new OpenedTimes.Opened(row.due(), row.since());
        }, (firstId, offer) -> table.entrySet().stream().filter(e -> e.getKey() >= firstId)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> offer.row(e.getKey(), e.getValue().tag(), () -> {
                    opened.merge(e.getKey(), 1, Integer::sum);
                    return new OpenedTimes.Opened(e.getValue().due(), e.getValue().since());
                })));
        assertTrue(opened.values().stream().allMatch(times -> times == 1), where + ": a row opened twice");
        table.forEach((rowId, row) -> assertTrue(kept.holds(rowId, row.tag()), where + ": row " + rowId));
    }

    @Test
    @DisplayName("a row gone by the time it is opened one by one is not kept")
    void aRowGoneWhenOpenedIsNotKept() {
        OpenedTimes kept = new OpenedTimes();
        LongLongHashMap tags = new LongLongHashMap();
        tags.put(7, 70);
        kept.keepExactly(tags, rowId -> null, (firstId, offer) -> {
        });
        assertFalse(kept.holds(7, 70));
        assertEquals(0, kept.size());
        assertNull(kept.dueBy(Instant.MAX, 10).stream().findFirst().orElse(null));
    }

    @Test
    @DisplayName("times beyond the range of epoch milliseconds are kept at its ends, in order")
    void timesBeyondMillisecondsKeepTheirOrder() {
        OpenedTimes kept = new OpenedTimes();
        kept.put(1, 10, OpenedTimes.Opened.due(Instant.MAX));
        kept.put(2, 20, OpenedTimes.Opened.due(T0));
        kept.put(3, 30, OpenedTimes.Opened.due(Instant.MIN));
        assertEquals(List.of(3L, 2L), kept.dueBy(T0, 10));
        assertEquals(List.of(3L, 2L, 1L), kept.dueBy(Instant.MAX, 10));
        assertEquals(List.of(3L), kept.rowsSinceBefore(T0));
    }

    @Test
    @DisplayName("the rows changed are told once each until forgotten, and not at all past a thousand")
    void touchedRowsAreToldUntilForgotten() {
        OpenedTimes kept = new OpenedTimes();
        kept.put(1, 10, OpenedTimes.Opened.due(T0));
        kept.put(2, 20, OpenedTimes.Opened.due(T0));
        kept.put(1, 11, OpenedTimes.Opened.due(T0));
        kept.forget(3);
        assertEquals(List.of(1L, 2L), Arrays.stream(kept.touched().orElseThrow()).sorted().boxed().toList());
        kept.forgetTouched();
        kept.forget(2);
        assertEquals(List.of(2L), Arrays.stream(kept.touched().orElseThrow()).boxed().toList());
        for (long rowId = 100; rowId < 1_100; rowId++) {
            kept.put(rowId, rowId, OpenedTimes.Opened.due(T0));
        }
        assertTrue(kept.touched().isEmpty(), "too many to read one by one");
        kept.forgetTouched();
        assertEquals(0, kept.touched().orElseThrow().length);
    }

    /** Few distinct times, to the millisecond as stored, so that many rows share one. */
    private static Instant time(Random random) {
        return T0.plusMillis(random.nextInt(40) * 250L + (random.nextInt(8) == 0 ? random.nextInt(3) : 0));
    }

    private static List<Long> dueBy(Map<Long, Row> table, Instant now, int limit) {
        return table.entrySet().stream().filter(e -> !e.getValue().due().isAfter(now))
                .sorted(Comparator.comparing((Map.Entry<Long, Row> e) -> e.getValue().due()).thenComparing(Map.Entry::getKey))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    private static List<Long> sinceBefore(Map<Long, Row> table, Instant cutoff) {
        List<Long> old = new ArrayList<>();
        table.forEach((rowId, row) -> {
            if (row.since().isBefore(cutoff)) {
                old.add(rowId);
            }
        });
        return old.stream().sorted().toList();
    }
}
