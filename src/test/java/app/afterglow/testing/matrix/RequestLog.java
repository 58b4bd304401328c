package app.afterglow.testing.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Every request answered, in the order the answers were written. Thread-safe. */
final class RequestLog {
    private final List<RecordedRequest> requests = new ArrayList<>();

    synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    synchronized long count(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return requests.stream()
                .filter(r -> r.method().equals(method) && path.matcher(r.path()).find())
                .count();
    }
}
