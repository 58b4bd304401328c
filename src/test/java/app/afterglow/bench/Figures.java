package app.afterglow.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one bot did in one run.
 *
 * @param latencies           the interactions at the people's pace, the same for both bots
 * @param ceiling             the interactions sent with no pause
 * @param interactionsPerS    those sent with no pause, over their wall time: the most the bot sustained
 * @param heapAfterGcMb       heap still in use after a full collection at the end of the load
 * @param cpuMsPerInteraction the bot process's processor time at the people's pace, per interaction
 */
record Figures(Latencies latencies, Latencies ceiling, double interactionsPerS, double peakHeapMb, double peakRssMb,
               double readyMs, double heapAfterGcMb, double cpuMsPerInteraction) {

    int interactions() {
        return latencies.count() + latencies.unanswered();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p50_ms", round(latencies.percentile(50)));
        json.put("p99_ms", round(latencies.percentile(99)));
        json.put("max_ms", round(latencies.max()));
        json.put("interactions_per_s", round(interactionsPerS));
        json.put("peak_heap_mb", round(peakHeapMb));
        json.put("peak_rss_mb", round(peakRssMb));
        json.put("ready_ms", round(readyMs));
        json.put("interactions", interactions());
        json.put("unanswered", latencies.unanswered());
        json.put("no_pause_interactions", ceiling.count());
        json.put("no_pause_p50_ms", round(ceiling.percentile(50)));
        json.put("no_pause_p99_ms", round(ceiling.percentile(99)));
        json.put("no_pause_max_ms", round(ceiling.max()));
        json.put("heap_after_gc_mb", round(heapAfterGcMb));
        json.put("cpu_ms_per_interaction", round(cpuMsPerInteraction));
        return json;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
