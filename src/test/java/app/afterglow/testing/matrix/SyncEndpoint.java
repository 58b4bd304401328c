package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * {@code GET /sync} with long-polling: an incremental sync with nothing new parks until the
 * stream moves or {@code timeout} passes, capped at {@link #MAX_WAIT} so a forgotten poll cannot
 * stall a test run. An initial sync (no {@code since}) answers at once. {@code filter} and
 * {@code set_presence} are accepted and ignored.
 */
final class SyncEndpoint {
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final HomeserverState state;
    private final SyncResponder responder;

    SyncEndpoint(HomeserverState state) {
        this.state = state;
        this.responder = new SyncResponder(state);
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "v3/sync", true, this::sync));
    }

    private JsonNode sync(ApiRequest request) throws InterruptedException {
        long timeoutMillis = Math.min(Math.max(0, number(request, "timeout")), MAX_WAIT.toMillis());
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMillis).toNanos();
        boolean fullState = "true".equals(request.query().get("full_state"));
        // Holding the monitor from reading the position to parking means no event can slip between.
        synchronized (state) {
            String sinceToken = request.query().get("since");
            Long since = sinceToken == null ? null : SyncToken.parse(sinceToken, state.position());
            while (true) {
                SyncResponder.Result result = responder.build(request.session(), since, fullState);
                if (result.hasNews() || since == null || System.nanoTime() - deadline >= 0) {
                    return result.body();
                }
                state.caughtUp(request.session().userId(), true);
                try {
                    state.awaitChange(state.position(), deadline);
                } finally {
                    state.caughtUp(request.session().userId(), false);
                }
            }
        }
    }

    private static long number(ApiRequest request, String name) {
        String value = request.query().get(name);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MatrixError(400, "M_INVALID_PARAM", name + " must be a number of milliseconds");
        }
    }
}
