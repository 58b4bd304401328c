package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeBucketTest {
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    @Test
    @DisplayName("GIVEN times across an hour, on it and just past it WHEN bucketed many times THEN every bucket is a "
            + "whole minute, never before its time, less than two hours after it, and the minutes drawn vary (as "
            + "migrations 9 and 10 wrote them before migration 12 dropped them)")
    void bucketsAreLateCoarseAndRandom() {
        TimeBucket buckets = new TimeBucket(new SecureRandom());
        Instant hour = Instant.parse("2026-11-20T18:00:00Z");
        Set<Long> minutesDrawn = new HashSet<>();
        for (Instant exact : new Instant[]{hour, hour.plusMillis(1), hour.plusSeconds(1799).plusMillis(417),
                hour.minusMillis(1)}) {
            for (int i = 0; i < 200; i++) {
                long bucket = buckets.of(exact);
                assertEquals(0, bucket % MINUTE, "a whole minute");
                assertTrue(bucket >= exact.toEpochMilli(), "never before");
                assertTrue(bucket - exact.toEpochMilli() < TimeBucket.LEAD.toMillis(), "less than the lead after");
                minutesDrawn.add(bucket / MINUTE % 60);
            }
        }
        assertTrue(minutesDrawn.size() > 30, "random minutes: " + minutesDrawn.size());
    }
}
