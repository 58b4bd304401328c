package app.afterglow.bench.scale;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Timings of one kind of work, in milliseconds. */
final class Samples {
    private final List<Double> millis = new ArrayList<>();

    /** Runs {@code work} and keeps how long it took. */
    <T> T time(Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        millis.add((System.nanoTime() - start) / 1e6);
        return result;
    }

    void add(double ms) {
        millis.add(ms);
    }

    double percentile(double p) {
        if (millis.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get((int) Math.max(0, Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1)));
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", millis.size());
        json.put("p50_ms", round(percentile(50)));
        json.put("p99_ms", round(percentile(99)));
        json.put("max_ms", round(percentile(100)));
        return json;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
