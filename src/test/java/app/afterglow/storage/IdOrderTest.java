package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdOrderTest {
    @Test
    @DisplayName("GIVEN random tables with gaps in their ids and times that never go back WHEN the newest row before "
            + "a cutoff is sought THEN it is the one a walk over every row finds, after about log2 of the id range "
            + "reads")
    void bisectionFindsWhatAWalkFinds() {
        Random random = new Random(20261201L);
        for (int table = 0; table < 300; table++) {
            TreeMap<Long, Instant> rows = new TreeMap<>();
            long id = 0;
            Instant time = Instant.parse("2026-01-01T00:00:00Z");
            int size = random.nextInt(200);
            for (int i = 0; i < size; i++) {
                id += 1 + (random.nextInt(4) == 0 ? random.nextInt(50) : 0);
                time = time.plusSeconds(random.nextInt(3) == 0 ? 0 : random.nextInt(7200));
                rows.put(id, time);
            }
            long maxId = rows.isEmpty() ? 0 : rows.lastKey() + random.nextInt(3);
            Instant cutoff = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(size * 3600 + 2));
            long expected = rows.entrySet().stream().filter(e -> e.getValue().isBefore(cutoff))
                    .mapToLong(e -> e.getKey()).max().orElse(0);
            AtomicInteger reads = new AtomicInteger();
            long found = IdOrder.lastBefore(maxId, from -> {
                reads.incrementAndGet();
                return Optional.ofNullable(rows.ceilingEntry(from)).map(e -> new IdOrder.Stamped(e.getKey(), e.getValue()));
            }, cutoff);
            assertEquals(expected, found, "table " + table + " of " + size + " rows, cutoff " + cutoff);
            assertTrue(reads.get() <= 64 - Long.numberOfLeadingZeros(Math.max(1, maxId)) + 1,
                    reads.get() + " reads for ids up to " + maxId);
        }
    }
}
