package app.afterglow.discord;

import app.afterglow.config.DiscordConfig;
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
    private final int perSecond = DiscordConfig.DEFAULT_REQUESTS_PER_SECOND;
    private final GlobalPace pace = new GlobalPace(perSecond, now::get);

    @Test
    @DisplayName("GIVEN two hundred requests at once WHEN each takes its moment THEN as many go at once as the pace "
            + "allows in a second, each later one a second after the one that many before it, and no second holds "
            + "more than that, under Discord's fifty")
    void aBurstGoesAtOnceUpToThePaceThenWaitsItsSecond() {
        List<Long> moments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            moments.add(now.get() + pace.reserve());
        }

        assertTrue(perSecond < 50);
        for (int i = 0; i < moments.size(); i++) {
            assertEquals(now.get() + (i / perSecond) * SECOND, moments.get(i), "request " + i);
            long start = moments.get(i);
            long inASecond = moments.stream().filter(m -> m >= start && m < start + SECOND).count();
            assertTrue(inASecond <= perSecond, inASecond + " in the second from request " + i);
        }
    }

    @Test
    @DisplayName("GIVEN requests a little apart WHEN fewer than the pace go in any second THEN none waits")
    void requestsUnderThePaceNeverWait() {
        for (int i = 0; i < 500; i++) {
            assertEquals(0, pace.reserve(), "request " + i);
            now.addAndGet(SECOND / (perSecond - 1));
        }
    }

    @Test
    @DisplayName("GIVEN a limit Discord raised to 500 a second WHEN a thousand requests come at once THEN 500 go at "
            + "once and the rest a second later")
    void aRaisedLimitIsKeptToo() {
        GlobalPace raised = new GlobalPace(500, now::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i < 500 ? 0 : SECOND, raised.reserve(), "request " + i);
        }
    }

    @Test
    @DisplayName("GIVEN a second of quiet after a burst WHEN the next requests come THEN a whole second's worth goes "
            + "at once again, and the one after them waits")
    void aQuietSecondFreesTheWholeAllowance() {
        for (int i = 0; i < perSecond; i++) {
            pace.reserve();
        }
        now.addAndGet(SECOND);

        for (int i = 0; i < perSecond; i++) {
            assertEquals(0, pace.reserve(), "request " + i + " after the quiet second");
        }
        assertEquals(SECOND, pace.reserve());
    }
}
