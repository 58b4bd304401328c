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
        assertEquals(List.of(new GcPauses.Pause(1_005_000_000L, 1_010_000_000L, 10, 4),
                new GcPauses.Pause(1_020_000_000L, 1_030_000_000L, 27, 27),
                new GcPauses.Pause(1_030_000_000L, 1_030_100_000L, 28, 28)), pauses.pauses());
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

    @Test
    void theGarbagePerInteractionIsWhatTheHeapGrewByBetweenThePhasesPausesOverTheInteractionsSentMeanwhile() {
        GcPauses pauses = GcPauses.parse(LOG);
        List<long[]> interactions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long sent = 1_000_000_000L + i * 1_000_000L;
            interactions.add(new long[]{sent, sent + 500_000L});
        }
        // Between the pauses ending at 1.010 and 1.0301 s the heap grew from 4 to 27 MB, then from
        // 27 to 28 MB, while the 21 interactions sent at 1.010, 1.011, … 1.030 s went out.
        GcPauses.During during = pauses.during(interactions);
        assertEquals(24 * 1024.0 / 21, during.allocatedKbPerInteraction(), 1e-9);
        assertEquals(3, during.pauses());
        assertEquals(0.0, pauses.during(interactions.subList(0, 5)).allocatedKbPerInteraction(), 1e-9,
                "a phase with fewer than two pauses measures nothing");
    }
}
