package app.afterglow.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bot's stop-the-world pauses, read from its GC log, on {@link System#nanoTime()}'s clock (the
 * log's {@code timenanos} decoration), so they can be laid beside the interactions the load timed.
 */
record GcPauses(List<Pause> pauses) {
    /**
     * One pause; the log line is written as it ends, with its length and the heap in use before
     * and after it, in MB as the log rounds them.
     */
    record Pause(long startNanos, long endNanos, long heapBeforeMb, long heapAfterMb) {
    }

    /** "[0.221s][71597950178924ns][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 10M->4M(64M) 5.658ms" */
    private static final Pattern LINE = Pattern.compile(
            "^\\[[^]]*]\\[(\\d+)ns].* Pause .* (\\d+)M->(\\d+)M\\(\\d+M\\) ([\\d.]+)ms$", Pattern.MULTILINE);

    static GcPauses parse(String log) {
        List<Pause> pauses = new ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            long end = Long.parseLong(m.group(1));
            pauses.add(new Pause(end - Math.round(Double.parseDouble(m.group(4)) * 1e6), end,
                    Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        }
        return new GcPauses(List.copyOf(pauses));
    }

    /**
     * What the collector did to a phase's interactions, given as {@code {sent, answered}} nanos.
     *
     * @param pausedPercent         the share of the phase, first sent to last answered, spent paused
     * @param slowestInPausePercent the share of its slowest hundredth during which the bot paused
     * @param pauses                the pauses that ended in the phase
     * @param allocatedKbPerInteraction the garbage the whole process made per interaction in the phase: from its
     *                              first pause to its last, what the heap grew by between each pause and the
     *                              next, over the interactions sent in that time (0 with fewer than two
     *                              pauses); it counts JDA's threads too, and is as exact as the log's megabytes.
     *                              It sets how often a bot pauses.
     */
    record During(double pausedPercent, double slowestInPausePercent, int pauses, double allocatedKbPerInteraction) {
        static final During NOTHING = new During(0, 0, 0, 0);
    }

    During during(List<long[]> sentAnswered) {
        if (sentAnswered.isEmpty()) {
            return During.NOTHING;
        }
        long from = sentAnswered.stream().mapToLong(i -> i[0]).min().orElseThrow();
        long to = sentAnswered.stream().mapToLong(i -> i[1]).max().orElseThrow();
        List<Pause> inPhase = pauses.stream().filter(p -> p.endNanos() >= from && p.endNanos() <= to).toList();
        return new During(pausedPercent(from, to), slowestInPausePercent(sentAnswered), inPhase.size(),
                allocatedKbPerInteraction(inPhase, sentAnswered));
    }

    private static double allocatedKbPerInteraction(List<Pause> inPhase, List<long[]> sentAnswered) {
        if (inPhase.size() < 2) {
            return 0;
        }
        long grown = 0;
        for (int i = 1; i < inPhase.size(); i++) {
            grown += inPhase.get(i).heapBeforeMb() - inPhase.get(i - 1).heapAfterMb();
        }
        long first = inPhase.get(0).endNanos();
        long last = inPhase.get(inPhase.size() - 1).endNanos();
        long interactions = sentAnswered.stream().filter(i -> i[0] >= first && i[0] < last).count();
        return interactions == 0 ? 0 : grown * 1024.0 / interactions;
    }

    /** The percentage of {@code [from, to]} during which the bot stood paused. */
    double pausedPercent(long from, long to) {
        if (to <= from) {
            return 0;
        }
        long paused = 0;
        for (Pause pause : pauses) {
            paused += Math.max(0, Math.min(to, pause.endNanos()) - Math.max(from, pause.startNanos()));
        }
        return 100.0 * paused / (to - from);
    }

    /**
     * Of the slowest hundredth of the interactions, given as {@code {sent, answered}} nanos, the
     * percentage during which the bot paused at least once: how much of the tail the collector
     * explains.
     */
    double slowestInPausePercent(List<long[]> sentAnswered) {
        if (sentAnswered.isEmpty()) {
            return 0;
        }
        List<long[]> slowest = sentAnswered.stream()
                .sorted(Comparator.comparingLong((long[] i) -> i[1] - i[0]).reversed())
                .limit(Math.max(1, sentAnswered.size() / 100))
                .toList();
        long paused = slowest.stream().filter(i -> pausedPercent(i[0], i[1]) > 0).count();
        return 100.0 * paused / slowest.size();
    }
}
