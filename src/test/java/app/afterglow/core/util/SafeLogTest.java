package app.afterglow.core.util;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeLogTest {
    @Test
    @DisplayName("GIVEN a platform failure whose message echoes what was sent WHEN it is described THEN the log line "
            + "carries the platform's code and the class, never the message")
    void carriesTheCodeNotTheMessage() {
        RuntimeException failure = new IllegalStateException("wrapped", new UnsupportedOperationException("my secret words"));

        String line = SafeLog.describe(failure,
                t -> t instanceof UnsupportedOperationException ? Optional.of("50035 (HTTP 400)") : Optional.empty());

        assertTrue(line.contains("java.lang.UnsupportedOperationException [50035 (HTTP 400)]"), line);
        assertFalse(line.contains("secret") || line.contains("wrapped"), line);
    }
}
