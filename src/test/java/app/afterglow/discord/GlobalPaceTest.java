package app.afterglow.discord;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Keeping under Discord's global rate limit")
class GlobalPaceTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final GlobalPace pace = new GlobalPace(now::get);

    @Test
    @DisplayName("GIVEN two hundred requests at once WHEN each takes its moment THEN they are evenly spaced, and no "
            + "second holds more than the pace allows, well under Discord's fifty")
    void aBurstIsSpreadEvenly() {
        List<Long> moments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            moments.add(now.get() + pace.reserve());
        }

        assertEquals(now.get(), moments.get(0), "the first goes at once");
        for (int i = 0; i < moments.size(); i++) {
            long start = moments.get(i);
            long inASecond = moments.stream().filter(m -> m >= start && m < start + SECOND).count();
            assertTrue(inASecond <= GlobalPace.PER_SECOND + 1, inASecond + " in the second from request " + i);
        }
        assertTrue(GlobalPace.PER_SECOND + 1 < 50);
        long last = moments.get(moments.size() - 1) - moments.get(0);
        assertTrue(last < 199 * SECOND / GlobalPace.PER_SECOND + SECOND / 1000, "the last waits no longer than its turn");
    }

    @Test
    @DisplayName("GIVEN a quiet moment after a burst WHEN the next request comes THEN it goes at once, the quiet time "
            + "not saved up for a burst that would break the limit")
    void quietTimeIsNotSavedUp() {
        for (int i = 0; i < 10; i++) {
            pace.reserve();
        }
        now.addAndGet(60 * SECOND);

        assertEquals(0, pace.reserve());
        assertTrue(pace.reserve() > 0, "the one right after it waits its turn");
    }
}
