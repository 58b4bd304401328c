package app.afterglow.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one bot did in one run.
 *
 * @param latencies           the interactions at the people's pace, the same for both bots
 * @param ceiling             the interactions sent with no pause
 * @param interactionsPerS    those sent with no pause, over their wall time: the most the bot sustained
 * @param readyTrialsMs       start to first answered probe, for each start of the bot; the median counts
 * @param heapAfterGcMb       heap still in use after a full collection at the end of the load
 * @param cpuMsPerInteraction the bot process's processor time at the people's pace, per interaction
 * @param jitCpuMsPerInteraction the part of it that the JVM's JIT compiler threads used
 * @param jitSecondsBeforeTiming processor time the JIT compiler threads used from the start to the timed load:
 *                            what each start of the bot pays once to compile its code
 * @param compilersQuiet      whether the JIT compilers had gone quiet before the timed load began
 * @param driverCpuMsPerInteraction the same for the benchmark's own process: stand-in and people
 * @param restRequestsPerInteraction the requests the bot made of Discord's REST API at the people's pace, per
 *                            interaction: its answers, and the direct messages they caused
 * @param meanPayloadChars    how big the timed interactions were as dispatched, in characters of JSON
 * @param reveals             at the people's pace, from both partners having sent their answers to each one's
 *                            reveal reaching Discord (a direct message the bare bot does not send: empty for it)
 * @param globallyLimited     the bot's requests at the people's pace that Discord's global rate limit refused
 *                            (with {@code bench.global-limit} set)
 * @param gc                  the bot's collector pauses at the people's pace, and how much of the tail they met
 */
record Figures(Latencies latencies, Latencies ceiling, double interactionsPerS, double peakHeapMb, double peakRssMb,
               List<Double> readyTrialsMs, double heapAfterGcMb, double cpuMsPerInteraction, double jitCpuMsPerInteraction,
               double jitSecondsBeforeTiming, boolean compilersQuiet,
               double driverCpuMsPerInteraction, double restRequestsPerInteraction,
               double meanPayloadChars, Latencies reveals, int globallyLimited, GcPauses.During gc) {

    double readyMs() {
        List<Double> sorted = readyTrialsMs.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    /** The processor time per interaction that is not the JIT compiling: what stays once a bot has run a while. */
    double workCpuMsPerInteraction() {
        return cpuMsPerInteraction - jitCpuMsPerInteraction;
    }

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
        json.put("ready_ms", round(readyMs()));
        json.put("interactions", interactions());
        json.put("unanswered", latencies.unanswered());
        json.put("no_pause_interactions", ceiling.count());
        json.put("no_pause_p50_ms", round(ceiling.percentile(50)));
        json.put("no_pause_p99_ms", round(ceiling.percentile(99)));
        json.put("no_pause_max_ms", round(ceiling.max()));
        json.put("heap_after_gc_mb", round(heapAfterGcMb));
        json.put("ready_ms_each_start", readyTrialsMs.stream().map(Figures::round).toList());
        json.put("cpu_ms_per_interaction", round(cpuMsPerInteraction));
        json.put("jit_cpu_ms_per_interaction", round(jitCpuMsPerInteraction));
        json.put("work_cpu_ms_per_interaction", round(workCpuMsPerInteraction()));
        json.put("jit_s_before_timing", round(jitSecondsBeforeTiming));
        json.put("compilers_quiet_before_timing", compilersQuiet);
        json.put("stand_in_cpu_ms_per_interaction", round(driverCpuMsPerInteraction));
        json.put("rest_requests_per_interaction", Math.round(restRequestsPerInteraction * 100) / 100.0);
        json.put("mean_interaction_chars", Math.round(meanPayloadChars));
        json.put("reveal_p50_ms", round(reveals.percentile(50)));
        json.put("reveal_p99_ms", round(reveals.percentile(99)));
        json.put("globally_rate_limited", globallyLimited);
        json.put("gc_paused_percent", round(gc.pausedPercent()));
        json.put("slowest_1pct_in_gc_pause_percent", round(gc.slowestInPausePercent()));
        json.put("gc_pauses", gc.pauses());
        json.put("allocated_kb_per_interaction", round(gc.allocatedKbPerInteraction()));
        return json;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
