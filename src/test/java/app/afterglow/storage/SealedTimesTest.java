package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SealedTimesTest {
    private final SecureRandom random = new SecureRandom();
    private final SealedTimes times = new SealedTimes(new Encryptor(DataKey.generate(random, "test"), random));

    @Test
    @DisplayName("GIVEN any time from 1970 to the largest a long holds WHEN it is written for compact sealing THEN it "
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
    @DisplayName("GIVEN times sealed compactly, one before 1970 WHEN they are opened THEN each is the time sealed, "
            + "and all take the same room")
    void compactTimesOpenToWhatWasSealed() {
        for (Instant time : new Instant[]{Instant.EPOCH, Instant.parse("2026-12-01T13:30:00.123Z"),
                Instant.ofEpochMilli(-86_400_000L)}) {
            byte[] sealed = times.sealCompact(time, "seen_event.seen of event 9");
            assertEquals(47, sealed.length);
            assertEquals(time, times.open(sealed, "seen_event.seen of event 9"));
        }
    }
}
