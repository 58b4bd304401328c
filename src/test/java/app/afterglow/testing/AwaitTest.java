package app.afterglow.testing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class AwaitTest {
    @Test
    @DisplayName("GIVEN a value that comes on the third look WHEN awaited THEN that value is returned")
    void returnsTheFirstAcceptedValue() {
        AtomicInteger looks = new AtomicInteger();
        assertEquals(3, Await.until(Duration.ofSeconds(5), "a third look", looks::incrementAndGet, n -> n >= 3));
    }

    @Test
    @DisplayName("GIVEN a condition that never holds WHEN awaited THEN the test fails after the time-out, naming what "
            + "was awaited and the last value seen")
    void timeOutNamesWhatWasAwaited() {
        long started = System.nanoTime();
        AssertionError failure = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(100), "reply from nobody", () -> "silence", "an answer"::equals));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(100).toNanos());
        assertEquals("no reply from nobody within PT0.1S; last seen: silence", failure.getMessage());
        AssertionError plain = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(50), "sunrise", () -> false));
        assertEquals("no sunrise within PT0.05S", plain.getMessage());
    }
}
