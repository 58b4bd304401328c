package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One endpoint: method, a path pattern under {@code /_matrix/client/} (or {@code /_matrix/media/}
 * for the media repository) where {@code {}} captures a whole (decoded) segment, whether it needs
 * an access token, and the code that answers it.
 */
record Route(String method, List<String> pattern, boolean authenticated, Endpoint endpoint) {

    /** The code behind a route; may throw {@link MatrixError} for a Matrix error answer. */
    @FunctionalInterface
    interface Endpoint {
        JsonNode handle(ApiRequest request) throws InterruptedException;
    }

    static Route of(String method, String pattern, boolean authenticated, Endpoint endpoint) {
        return new Route(method, List.of(pattern.split("/")), authenticated, endpoint);
    }

    /** The captured segments if {@code segments} fit the pattern, whatever the method. */
    Optional<List<String>> match(List<String> segments) {
        if (segments.size() != pattern.size()) {
            return Optional.empty();
        }
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i).equals("{}")) {
                captured.add(segments.get(i));
            } else if (!pattern.get(i).equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(captured);
    }
}
