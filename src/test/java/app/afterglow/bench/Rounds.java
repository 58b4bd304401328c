package app.afterglow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One bot's figures over the benchmark's rounds. On a shared machine a single run moved ratios by
 * ±30%; the median of several rounds, taken in turns with the other bot, moves far less, and the
 * range says how much a figure moved.
 */
final class Rounds {
    private final List<Figures> rounds = new ArrayList<>();

    void add(Figures figures) {
        rounds.add(figures);
    }

    List<Figures> all() {
        return List.copyOf(rounds);
    }

    double median(ToDoubleFunction<Figures> figure) {
        List<Double> sorted = sorted(figure);
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min(ToDoubleFunction<Figures> figure) {
        List<Double> sorted = sorted(figure);
        return sorted.isEmpty() ? 0 : sorted.get(0);
    }

    double max(ToDoubleFunction<Figures> figure) {
        List<Double> sorted = sorted(figure);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    }

    /**
     * Each numeric figure of {@link Figures#json()} as its median over the rounds (the keys keep
     * their meaning, now as medians), lists as the first round has them.
     */
    Map<String, Object> medianJson() {
        Map<String, Object> medians = new LinkedHashMap<>();
        List<Map<String, Object>> each = rounds.stream().map(Figures::json).toList();
        for (String key : each.get(0).keySet()) {
            if (each.get(0).get(key) instanceof Number) {
                medians.put(key, Figures.round(median(f -> ((Number) f.json().get(key)).doubleValue())));
            } else {
                medians.put(key, each.get(0).get(key));
            }
        }
        return medians;
    }

    /** Each numeric figure's lowest and highest round, as {@code [min, max]}. */
    Map<String, List<Double>> rangeJson() {
        Map<String, List<Double>> ranges = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : rounds.get(0).json().entrySet()) {
            if (entry.getValue() instanceof Number) {
                String key = entry.getKey();
                ToDoubleFunction<Figures> figure = f -> ((Number) f.json().get(key)).doubleValue();
                ranges.put(key, List.of(Figures.round(min(figure)), Figures.round(max(figure))));
            }
        }
        return ranges;
    }

    private List<Double> sorted(ToDoubleFunction<Figures> figure) {
        return rounds.stream().mapToDouble(figure).sorted().boxed().toList();
    }
}
