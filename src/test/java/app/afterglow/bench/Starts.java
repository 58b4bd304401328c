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
 * ("again") on the data dir it started on before, as a host restarts it. Prints each one's median and quartiles, writes {@code starts.json}.
 * Run by {@code mvn -B -Pbench verify -Dbench.starts=N}.
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
        List<String> names = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            names.add(i == 0 ? "ours" : "compared " + i);
        }
        for (int i = 0; i < jars.size(); i++) {
            names.add(names.get(i) + RESTARTED);
        }
        names.add("bare");
        names.add("floor");
        System.out.printf(Locale.ROOT, "bench: start-up only, %d starts each of %s, in turns; JVM flags %s%n", starts,
                String.join(", ", names), jvmOptions);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        names.forEach(name -> times.put(name, new ArrayList<>()));
        try (ScratchDir.Scoped scratch = ScratchDir.scoped("starts-bench-")) {
            Path work = scratch.path();
            // This process's own code warmed first, so that no bot's first start pays for it.
            Path botsJar = BareBotJar.write(out.resolve("bench-bots.jar"));
            Bots.Starter bare = (standIn, log) -> Bots.bare(jvmOptions, jar, botsJar, Optional.empty(), standIn, work,
                    log);
            Bots.timeStart(bare, out.resolve("starts-warm.log"));
            // The data each restarted jar starts on: made by a first start, untimed.
            for (int i = 0; i < jars.size(); i++) {
                Path jarOf = jars.get(i);
                Path kept = work.resolve("kept-" + i);
                Bots.timeStart((standIn, log) -> Bots.afterglow(jvmOptions, List.of("-jar", jarOf.toAbsolutePath().toString()),
                        standIn, kept, work, log, DiscordConfig.MAX_REQUESTS_PER_SECOND), out.resolve("starts-warm.log"));
            }
            for (int round = 0; round < starts; round++) {
                for (int turn = 0; turn < names.size(); turn++) {
                    int which = (turn + round) % names.size();
                    String name = names.get(which);
                    boolean restarted = which >= jars.size() && which < 2 * jars.size();
                    int jarIndex = restarted ? which - jars.size() : which;
                    Path data = restarted ? work.resolve("kept-" + jarIndex) : work.resolve("data-" + round + "-" + which);
                    // As the benchmark's ready row: the stand-in has no global limit to keep to.
                    Bots.Starter starter;
                    if (jarIndex < jars.size()) {
                        starter = (standIn, log) -> Bots.afterglow(jvmOptions,
                                List.of("-jar", jars.get(jarIndex).toAbsolutePath().toString()), standIn, data, work,
                                log, DiscordConfig.MAX_REQUESTS_PER_SECOND);
                    } else if (name.equals("floor")) {
                        starter = (standIn, log) -> Bots.bare(jvmOptions, jar, botsJar,
                                Optional.of(Files.createDirectories(data)), standIn, work, log);
                    } else {
                        starter = bare;
                    }
                    times.get(name).add(Bots.timeStart(starter, out.resolve("starts-" + name.replace(' ', '-') + ".log")));
                }
            }
        }
        double bare = median(times.get("bare"));
        System.out.println();
        System.out.printf(Locale.ROOT, "%-19s %10s %10s %10s %10s   %s%n", "ready ms", "median", "quartiles", "",
                "/bare", "min–max");
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            List<Double> sorted = new ArrayList<>(times.get(name));
            Collections.sort(sorted);
            double median = median(sorted);
            System.out.printf(Locale.ROOT, "%-19s %10.1f %10.1f %10.1f %10.3f   %.1f–%.1f%n", name, median,
                    quantile(sorted, 0.25), quantile(sorted, 0.75), median / bare, sorted.get(0),
                    sorted.get(sorted.size() - 1));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("jar", i < 2 * jars.size() ? jars.get(i % jars.size()).toString() : "the " + name + " bot");
            figures.put("restarted", name.endsWith(RESTARTED));
            figures.put("median_ms", median);
            figures.put("quartiles_ms", List.of(quantile(sorted, 0.25), quantile(sorted, 0.75)));
            figures.put("over_bare", median / bare);
            figures.put("starts_ms", times.get(name));
            json.put(name, figures);
        }
        json.put("jvm_flags", jvmOptions);
        JSON.writeValue(out.resolve("starts.json").toFile(), json);
        System.out.println("written: " + out.resolve("starts.json"));
        return 0;
    }

    /** Further jars from a comma-separated list; none for an empty one. */
    static List<Path> jars(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
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
