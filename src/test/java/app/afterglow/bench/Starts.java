package app.afterglow.bench;

import app.afterglow.config.DiscordConfig;
import app.afterglow.testing.ScratchDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Start-up alone, for telling apart changes to it that the loads' rounds cannot: ready moves with
 * the machine by more than such a change buys, so it takes many starts, each jar's in turn with
 * the others'. Afterglow's jar ({@code bench.jar}), any further Afterglow jars ({@code
 * bench.starts.compare}: a build of the code before a change, say), the bare bot and the floor
 * bot (the bare bot opening a SQLite journal as it logs in, see {@link BareJdaBot}) are each
 * started {@code bench.starts} times, one after another round after round, who goes first turning
 * each round, each against a fresh stand-in and timed to its first answered probe as the
 * benchmark's ready row is; the bare bot runs beside the first jar, as in the benchmark. Each
 * Afterglow jar starts twice a round: on a new data dir, as the ready row times it, and again
 * ("again") on the data dir it started on before, as a host restarts it. Prints each one's median
 * and quartiles, and the processor time each had used by its first answer (all of it, and what
 * the JIT compilers took of it), and writes {@code starts.json}. Run by {@code mvn -B -Pbench verify -Dbench.starts=N}.
 */
final class Starts {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String RESTARTED = ", again";

    private Starts() {
    }

    static int run(int starts, List<String> jvmOptions, Path jar, List<Path> compared, Path out) throws Exception {
        List<Path> jars = new ArrayList<>();
        jars.add(jar);
        jars.addAll(compared);
        for (Path each : jars) {
            if (!Files.isRegularFile(each)) {
                System.err.println("bench: no " + each + "; build it first");
                return 2;
            }
        }
        Files.createDirectories(out);
        Map<String, List<Bots.Start>> times = new LinkedHashMap<>();
        try (ScratchDir.Scoped scratch = ScratchDir.scoped("starts-bench-")) {
            Path work = scratch.path();
            Path botsJar = BareBotJar.write(out.resolve("bench-bots.jar"));
            List<Bot> bots = bots(jvmOptions, jars, botsJar, work);
            bots.forEach(bot -> times.put(bot.name(), new ArrayList<>()));
            System.out.printf(Locale.ROOT, "bench: start-up only, %d starts each of %s, in turns; JVM flags %s%n",
                    starts, String.join(", ", times.keySet()), jvmOptions);
            // This process's own code warmed first, so that no bot's first start pays for it; and
            // the data each jar is started again on made by a first start, untimed.
            Bots.timeStart(Bots.bareStarter(jvmOptions, jar, botsJar, Optional.empty(), work),
                    out.resolve("starts-warm.log"));
            for (int i = 0; i < jars.size(); i++) {
                Bots.timeStart(Bots.afterglowStarter(jvmOptions, jars.get(i), kept(work, i), work,
                        DiscordConfig.MAX_REQUESTS_PER_SECOND), out.resolve("starts-warm.log"));
            }
            for (int round = 0; round < starts; round++) {
                for (int turn = 0; turn < bots.size(); turn++) {
                    Bot bot = bots.get((turn + round) % bots.size());
                    times.get(bot.name()).add(Bots.timeStart(bot.starter().apply(round),
                            out.resolve("starts-" + bot.name().replace(", ", "-").replace(' ', '-') + ".log")));
                }
            }
        }
        double bare = median(ready(times.get("bare")));
        double bareCpu = mean(cpu(times.get("bare")));
        System.out.println();
        System.out.printf(Locale.ROOT, "%-19s %10s %10s %10s %10s   %s%n", "ready ms", "median", "quartiles", "",
                "/bare", "min–max");
        Map<String, Object> json = new LinkedHashMap<>();
        for (String name : times.keySet()) {
            List<Double> sorted = ready(times.get(name));
            Collections.sort(sorted);
            double median = median(sorted);
            System.out.printf(Locale.ROOT, "%-19s %10.1f %10.1f %10.1f %10.3f   %.1f–%.1f%n", name, median,
                    quantile(sorted, 0.25), quantile(sorted, 0.75), median / bare, sorted.get(0),
                    sorted.get(sorted.size() - 1));
            List<Double> cpu = cpu(times.get(name));
            List<Double> compiler = compiler(times.get(name));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("restarted", name.endsWith(RESTARTED));
            figures.put("median_ms", median);
            figures.put("quartiles_ms", List.of(quantile(sorted, 0.25), quantile(sorted, 0.75)));
            figures.put("over_bare", median / bare);
            figures.put("starts_ms", ready(times.get(name)));
            figures.put("cpu_median_ms", median(cpu));
            figures.put("cpu_mean_ms", mean(cpu));
            figures.put("cpu_mean_over_bare", mean(cpu) / bareCpu);
            figures.put("compiler_mean_ms", mean(compiler));
            figures.put("cpu_ms", cpu);
            figures.put("compiler_ms", compiler);
            json.put(name, figures);
        }
        // /proc counts in hundredths of a second, so the means, not only the medians, tell a few
        // milliseconds apart over many starts.
        System.out.println();
        System.out.printf(Locale.ROOT, "%-19s %10s %10s %10s %10s %10s%n", "processor ms by it", "median", "mean",
                "/bare", "JIT mean", "rest mean");
        for (String name : times.keySet()) {
            List<Double> cpu = cpu(times.get(name));
            double compiler = mean(compiler(times.get(name)));
            System.out.printf(Locale.ROOT, "%-19s %10.0f %10.1f %10.3f %10.1f %10.1f%n", name, median(cpu), mean(cpu),
                    mean(cpu) / bareCpu, compiler, mean(cpu) - compiler);
        }
        json.put("jars", jars.stream().map(Path::toString).toList());
        json.put("jvm_flags", jvmOptions);
        JSON.writeValue(out.resolve("starts.json").toFile(), json);
        System.out.println("written: " + out.resolve("starts.json"));
        return 0;
    }

    /** A bot to time, and how to start it in each round. */
    private record Bot(String name, IntFunction<Bots.Starter> starter) {
    }

    /**
     * Each jar on a new data dir and again on its kept one ({@link #kept}), then the bare and the
     * floor bot; as the benchmark's ready row, told the stand-in has no global limit to keep to.
     */
    private static List<Bot> bots(List<String> jvmOptions, List<Path> jars, Path botsJar, Path work) {
        List<Bot> bots = new ArrayList<>();
        int requests = DiscordConfig.MAX_REQUESTS_PER_SECOND;
        for (int i = 0; i < jars.size(); i++) {
            Path jar = jars.get(i);
            String name = i == 0 ? "ours" : "compared " + i;
            bots.add(new Bot(name, round -> Bots.afterglowStarter(jvmOptions, jar,
                    work.resolve(name.replace(' ', '-') + "-data-" + round), work, requests)));
        }
        for (int i = 0; i < jars.size(); i++) {
            Bots.Starter again = Bots.afterglowStarter(jvmOptions, jars.get(i), kept(work, i), work, requests);
            bots.add(new Bot(bots.get(i).name() + RESTARTED, round -> again));
        }
        Path libraries = jars.get(0);
        bots.add(new Bot("bare", round -> Bots.bareStarter(jvmOptions, libraries, botsJar, Optional.empty(), work)));
        bots.add(new Bot("floor", round -> Bots.bareStarter(jvmOptions, libraries, botsJar,
                Optional.of(work.resolve("floor-data-" + round)), work)));
        return bots;
    }

    /** The data dir the {@code i}th jar is started again on. */
    private static Path kept(Path work, int i) {
        return work.resolve("kept-" + i);
    }

    /** Further jars from a comma-separated list; none for an empty one. */
    static List<Path> jars(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    private static List<Double> ready(List<Bots.Start> starts) {
        return new ArrayList<>(starts.stream().map(Bots.Start::readyMs).toList());
    }

    private static List<Double> cpu(List<Bots.Start> starts) {
        return starts.stream().map(Bots.Start::cpuMs).toList();
    }

    private static List<Double> compiler(List<Bots.Start> starts) {
        return starts.stream().map(Bots.Start::compilerMs).toList();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return quantile(sorted, 0.5);
    }

    /** Linear between the two nearest of {@code sorted}. */
    private static double quantile(List<Double> sorted, double q) {
        double at = q * (sorted.size() - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(sorted.size() - 1, below + 1);
        return sorted.get(below) + (at - below) * (sorted.get(above) - sorted.get(below));
    }
}
