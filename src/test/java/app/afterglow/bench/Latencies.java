package app.afterglow.bench;

import java.util.List;

/** Interaction latencies of one run, in milliseconds, sorted; plus the interactions never answered. */
record Latencies(List<Double> sortedMillis, int unanswered) {
    Latencies {
        sortedMillis = sortedMillis.stream().sorted().toList();
    }

    int count() {
        return sortedMillis.size();
    }

    /** The nearest-rank percentile, {@code p} in (0, 100]; 0 when nothing was measured. */
    double percentile(double p) {
        if (sortedMillis.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedMillis.size());
        return sortedMillis.get(Math.max(0, Math.min(sortedMillis.size() - 1, rank - 1)));
    }

    double max() {
        return sortedMillis.isEmpty() ? 0 : sortedMillis.get(sortedMillis.size() - 1);
    }
}
