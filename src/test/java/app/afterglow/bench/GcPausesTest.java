package app.afterglow.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GcPausesTest {
    private static final String LOG = """
            [0.002s][1000000000ns][info][gc] Using G1
            [0.221s][1010000000ns][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 10M->4M(64M) 5.000ms
            [0.300s][1030000000ns][info][gc] GC(1) Pause Remark 27M->27M(64M) 10.000ms
            [0.301s][1030100000ns][info][gc] GC(1) Pause Cleanup 28M->28M(64M) 0.100ms
            [0.302s][1030200000ns][info][gc] GC(1) Concurrent Mark Cycle 12.345ms
            """;

    @Test
    void pausesAreReadOnTheLoadsClockFromTheirEndAndLengthAndConcurrentPhasesAreNotPauses() {
        GcPauses pauses = GcPauses.parse(LOG);
        assertEquals(List.of(new GcPauses.Pause(1_005_000_000L, 1_010_000_000L),
                new GcPauses.Pause(1_020_000_000L, 1_030_000_000L),
                new GcPauses.Pause(1_030_000_000L, 1_030_100_000L)), pauses.pauses());
        assertEquals(50.0, pauses.pausedPercent(1_000_000_000L, 1_010_000_000L), 1e-9);
        assertEquals(0.0, pauses.pausedPercent(1_010_000_000L, 1_020_000_000L), 1e-9);
    }

    @Test
    void theTailsShareInAPauseCountsOnlyTheSlowestHundredthThatOverlappedOne() {
        GcPauses pauses = GcPauses.parse(LOG);
        List<long[]> interactions = new ArrayList<>();
        for (int i = 0; i < 198; i++) {
            long sent = 2_000_000_000L + i * 1_000_000L;
            interactions.add(new long[]{sent, sent + 500_000L});
        }
        interactions.add(new long[]{1_008_000_000L, 1_012_000_000L});
        interactions.add(new long[]{1_012_000_000L, 1_016_000_000L});
        assertEquals(50.0, pauses.slowestInPausePercent(interactions), 1e-9,
                "of the two slowest, the one that met the young pause counts");
    }
}
