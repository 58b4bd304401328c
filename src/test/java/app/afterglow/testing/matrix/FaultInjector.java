package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Failures a test has queued for the next matching requests. Thread-safe. A fault either replaces
 * the request (nothing happens on the server) or replaces only the answer after the request took
 * effect, which is what a lost response looks like to a client.
 */
final class FaultInjector {
    enum Phase { INSTEAD_OF_HANDLING, AFTER_HANDLING }

    private static final class Fault {
        private final int status;
        private final Pattern path;
        private final Phase phase;
        private final Duration retryAfter;
        private int remaining;

        private Fault(int count, int status, Pattern path, Phase phase, Duration retryAfter) {
            this.remaining = count;
            this.status = status;
            this.path = path;
            this.phase = phase;
            this.retryAfter = retryAfter;
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void add(int count, int status, String pathRegex, Phase phase, Duration retryAfter) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("Not an error status: " + status);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("Negative retry-after: " + retryAfter);
        }
        faults.add(new Fault(count, status, Pattern.compile(pathRegex), phase, retryAfter));
    }

    /** The error to answer with if a fault is queued for this path and phase; uses one up. */
    synchronized Optional<ApiResponse> take(String path, Phase phase) {
        for (Fault fault : faults) {
            if (fault.phase == phase && fault.path.matcher(path).find()) {
                if (--fault.remaining == 0) {
                    faults.remove(fault);
                }
                return Optional.of(response(fault));
            }
        }
        return Optional.empty();
    }

    synchronized int pending() {
        return faults.stream().mapToInt(fault -> fault.remaining).sum();
    }

    private static ApiResponse response(Fault fault) {
        if (fault.status != 429) {
            return ApiResponse.error(fault.status, "M_UNKNOWN", "Injected failure");
        }
        ApiResponse limited = ApiResponse.error(429, "M_LIMIT_EXCEEDED", "Too many requests");
        ((ObjectNode) limited.body()).put("retry_after_ms", fault.retryAfter.toMillis());
        // The header counts whole seconds (RFC 9110), so round up rather than invite an early retry.
        long seconds = (fault.retryAfter.toMillis() + 999) / 1000;
        return new ApiResponse(429, limited.body(), Map.of("Retry-After", Long.toString(seconds)));
    }
}
