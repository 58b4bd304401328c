package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealedTimesTest {
    private final SecureRandom random = new SecureRandom();
    private final SealedTimes times = new SealedTimes(new Encryptor(DataKey.generate(random, "test"), random));

    @Test
    @DisplayName("GIVEN any time from 1970 to the largest a long holds WHEN it is written for sealing THEN it "
            + "is its digits with zeros in front, always 19 of them")
    void nineteenDigitsAreTheNumberZeroPadded() {
        SplittableRandom numbers = new SplittableRandom(14);
        for (int i = 0; i < 10_000; i++) {
            long millis = i < 3 ? new long[]{0, 1, Long.MAX_VALUE}[i] : numbers.nextLong(Long.MAX_VALUE);
            String written = new String(SealedTimes.nineteenDigits(millis), StandardCharsets.US_ASCII);
            assertEquals(19, written.length(), written);
            assertEquals(millis, Long.parseLong(written));
        }
    }

    @Test
    @DisplayName("GIVEN times sealed, one before 1970 WHEN they are opened THEN each is the time sealed, and all take "
            + "the same 47 bytes")
    void timesOpenToWhatWasSealed() {
        for (Instant time : new Instant[]{Instant.EPOCH, Instant.parse("2026-12-01T13:30:00.123Z"),
                Instant.ofEpochMilli(-86_400_000L)}) {
            byte[] sealed = times.seal(time, "seen_event.seen of event 9");
            assertEquals(47, sealed.length);
            assertEquals(time, times.open(sealed, "seen_event.seen of event 9"));
        }
    }

    @Test
    @DisplayName("GIVEN a time sealed as earlier versions sealed times, its digits as they come and padded WHEN it is "
            + "opened THEN it is the time sealed")
    void timesSealedTheEarlierWayStillOpen() {
        Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
        Instant time = Instant.parse("2025-06-01T21:15:00.250Z");
        byte[] earlier = encryptor.seal(Long.toString(time.toEpochMilli()).getBytes(StandardCharsets.US_ASCII),
                "checkin.created of check-in 3");
        assertTrue(Encryptor.isPadded(earlier));
        assertEquals(time, new SealedTimes(encryptor).open(earlier, "checkin.created of check-in 3"));
    }
}
