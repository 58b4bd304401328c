package app.afterglow.bench.scale;

import app.afterglow.testing.ScratchDir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The scale run of issue 14: databases built through the real code at several sizes (see
 * {@link World}, {@link Build}), each measured the same way (see {@link Measure}), so how cost
 * grows with the data shows side by side. A database once built is kept in
 * {@code bench.out/scale/<size>/built} and reused by later runs: the large sizes take hours to
 * build on a small machine, and their figures need not wait for that every time. Measurements run
 * on a fresh copy, or, with {@code bench.scale.in-place}, on the build itself, which they change:
 * a year at size 100 (about 50 GB) and its copy would not fit this machine's disk together, and
 * that build is then measured once. With {@code bench.scale.measure=false} a build that finishes
 * is kept unmeasured, for a later run to measure with time to spare: a last sitting cut off while
 * it measures in place would lose the whole build. With {@code bench.scale.cold=true} the kernel's
 * page cache is emptied before each measurement (see {@link PageCache}), as a host whose database
 * has outgrown its memory would meet it. Prints a table, writes {@code scale.json};
 * exits non-zero only if the run broke, never on a time. Run by
 * {@code mvn -B -Pbench verify -Dbench.scale=true}.
 */
public final class Scale {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String DONE = "built.json";

    private Scale() {
    }

    /** What a run does with a finished build. */
    enum Then {
        MEASURE_A_COPY,
        /** Measures the build itself, which measuring changes: it is gone after. */
        MEASURE_IN_PLACE,
        KEEP_UNMEASURED
    }

    public static void main(String[] args) throws Exception {
        // A line for every new person would bury the progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("bench.log", "warn"));
        List<Double> sizes = Arrays.stream(System.getProperty("bench.scale.sizes", "0.1,1").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Double::valueOf).toList();
        int weeks = Integer.getInteger("bench.scale.weeks", 52);
        long minutes = Long.getLong("bench.scale.build-minutes", 0);
        Duration budget = minutes > 0 ? Duration.ofMinutes(minutes) : Build.UNLIMITED;
        Then then = !Boolean.parseBoolean(System.getProperty("bench.scale.measure", "true")) ? Then.KEEP_UNMEASURED
                : Boolean.getBoolean("bench.scale.in-place") ? Then.MEASURE_IN_PLACE : Then.MEASURE_A_COPY;
        boolean cold = Boolean.getBoolean("bench.scale.cold");
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Optional<String> coldRefused = cold && then != Then.KEEP_UNMEASURED ? PageCache.whyNot(out) : Optional.empty();
        if (coldRefused.isPresent()) {
            // Said before an hours-long build, not after it.
            System.err.println("bench scale: " + coldRefused.get());
            System.exit(2);
        }
        warmUp();
        List<Map<String, Object>> results = new ArrayList<>();
        for (double size : sizes) {
            results.add(run(new World(size, weeks), out.resolve("scale"), budget, then, cold));
        }
        Files.createDirectories(out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sizes", results);
        JSON.writeValue(out.resolve("scale.json").toFile(), json);
        print(results);
        System.out.println("written: " + out.resolve("scale.json"));
    }

    /**
     * Two couples' two weeks, built and measured, untimed: otherwise the first size is measured
     * while the JIT compiler is still at work and the later ones are not, and sizes compare unfairly.
     */
    private static void warmUp() throws Exception {
        Path dir = Files.createTempDirectory("afterglow-scale-warm-up-");
        try {
            System.out.println("bench scale: warming up on two couples' two weeks, untimed");
            run(new World(0.004, 2), dir, Build.UNLIMITED, Then.MEASURE_A_COPY);
        } finally {
            delete(dir);
        }
    }

    /**
     * Builds the world unless a finished build of it is kept, then measures a copy of it, or the
     * build itself (after which it is gone: a later run builds it again), or keeps it as it is. A
     * build that spends {@code budget} stops after a whole day and is not measured; the next run
     * goes on with it.
     */
    static Map<String, Object> run(World world, Path scaleDir, Duration budget, Then then) throws Exception {
        return run(world, scaleDir, budget, then, false);
    }

    /** As {@link #run(World, Path, Duration, Then)}, with the page cache emptied before measuring if {@code cold}. */
    static Map<String, Object> run(World world, Path scaleDir, Duration budget, Then then, boolean cold)
            throws Exception {
        Path built = scaleDir.resolve(world.name()).resolve("built");
        Path done = built.resolve(DONE);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("size", world.size());
        result.put("weeks", world.weeks());
        if (Files.isRegularFile(done)) {
            System.out.printf(Locale.ROOT, "bench scale %s: reusing the database built in %s%n", world.name(), built);
            Map<String, Object> saved = JSON.readerForMapOf(Object.class).readValue(done.toFile());
            result.putAll(saved);
        } else {
            if (Files.isRegularFile(built.resolve(Build.PROGRESS))) {
                System.out.printf(Locale.ROOT, "bench scale %s: going on with the build in %s%n", world.name(), built);
            } else {
                delete(built);
                Files.createDirectories(built);
                System.out.printf(Locale.ROOT, "bench scale %s: building %d people in %d partnerships over %d weeks in %s%n",
                        world.name(), world.people(), world.couples(), world.weeks(), built);
            }
            Build.Progress progress = Build.into(world, built, budget);
            if (!progress.finished(world)) {
                System.out.printf(Locale.ROOT, "bench scale %s: stopped after day %d of %d (%.0f s so far); run again to go on%n",
                        world.name(), progress.nextDay(), world.days(), progress.seconds());
                result.put("built_days", progress.nextDay());
                return result;
            }
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("build_s", Samples.round(progress.seconds()));
            build.put("build_interactions", progress.interactions());
            JSON.writeValue(done.toFile(), build);
            result.putAll(build);
        }
        if (then == Then.KEEP_UNMEASURED) {
            System.out.printf(Locale.ROOT, "bench scale %s: built and kept in %s, not measured; a run without "
                    + "-Dbench.scale.measure=false measures it%n", world.name(), built);
            return result;
        }
        if (then == Then.MEASURE_IN_PLACE) {
            // Measuring changes it: no later run may take it for the build it was.
            Files.delete(done);
            Files.deleteIfExists(built.resolve(Build.PROGRESS));
            System.out.printf(Locale.ROOT, "bench scale %s: measuring the build itself in %s%n", world.name(), built);
            result.put("page_cache", emptiedIf(cold, built));
            Map<String, Object> figures = Measure.copy(world, built);
            delete(built);
            result.putAll(figures);
            return result;
        }
        Path copy = scaleDir.resolve(world.name()).resolve("measured");
        delete(copy);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(built)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("afterglow.")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        System.out.printf(Locale.ROOT, "bench scale %s: measuring a copy in %s%n", world.name(), copy);
        result.put("page_cache", emptiedIf(cold, copy));
        result.putAll(Measure.copy(world, copy));
        return result;
    }

    /** Empties the page cache if asked, and says what the measurement meets: "emptied" or "as left". */
    private static String emptiedIf(boolean cold, Path dir) throws IOException {
        if (!cold) {
            return "as left";
        }
        System.out.println("bench scale: emptying the page cache first");
        PageCache.drop(dir);
        return "emptied";
    }

    /** Deletes {@code dir} with all in it, if it is there: a first run has no build or copy yet. */
    private static void delete(Path dir) {
        if (Files.exists(dir)) {
            ScratchDir.delete(dir);
        }
    }

    private static void print(List<Map<String, Object>> results) {
        System.out.println();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-34s", "size (× 1,000 people, a year)"));
        results.forEach(r -> head.append(String.format(Locale.ROOT, "%12s", r.get("size"))));
        System.out.println(head);
        row(results, "people", r -> r.get("people"));
        row(results, "check-ins", r -> r.get("checkins"));
        row(results, "check-ins revealed", r -> r.get("revealed_checkins"));
        row(results, "heavy person's check-ins", r -> r.get("heavy_person_checkins"));
        row(results, "pending jobs", r -> r.get("pending_jobs"));
        row(results, "queued messages", r -> r.get("queued_messages"));
        row(results, "bytes on disk per check-in", r -> r.get("bytes_per_checkin"));
        row(results, "build s (when built)", r -> r.get("build_s"));
        row(results, "page cache when measured", r -> r.get("page_cache"));
        row(results, "ready ms (median of 3)", r -> at(r, "ready", "p50_ms"));
        row(results, "kept on the heap once started, MB", r -> r.get("kept_mb"));
        row(results, "interaction p50 ms", r -> at(r, "interaction", "p50_ms"));
        row(results, "interaction p99 ms", r -> at(r, "interaction", "p99_ms"));
        row(results, "interaction p50 ms, heavy person", r -> at(r, "interaction_heavy", "p50_ms"));
        row(results, "interaction p99 ms, heavy person", r -> at(r, "interaction_heavy", "p99_ms"));
        row(results, "reveal p50 ms", r -> at(r, "reveal", "p50_ms"));
        row(results, "reveal p99 ms", r -> at(r, "reveal", "p99_ms"));
        row(results, "/history heavy p50 ms", r -> at(r, "history_heavy", "p50_ms"));
        row(results, "/history heavy p99 ms", r -> at(r, "history_heavy", "p99_ms"));
        row(results, "/history heavy messages, chars", r -> pair(r, "history_heavy", "messages", "chars"));
        row(results, "/history ordinary p50 ms", r -> at(r, "history_ordinary", "p50_ms"));
        row(results, "export heavy p50 ms", r -> at(r, "export_heavy", "p50_ms"));
        row(results, "export heavy p99 ms", r -> at(r, "export_heavy", "p99_ms"));
        row(results, "export heavy bytes", r -> at(r, "export_heavy", "bytes"));
        row(results, "export ordinary p50 ms", r -> at(r, "export_ordinary", "p50_ms"));
        row(results, "delete heavy ms", r -> at(r, "erase_heavy", "p50_ms"));
        row(results, "delete ordinary p50 ms", r -> at(r, "erase_ordinary", "p50_ms"));
        row(results, "delete ordinary p99 ms", r -> at(r, "erase_ordinary", "p99_ms"));
        row(results, "delete heavy KiB written", r -> at(r, "erase_heavy", "kib_written"));
        row(results, "delete ordinary KiB written p50", r -> at(r, "erase_ordinary", "kib_written_p50"));
        row(results, "start catch-up ms", r -> at(r, "start_catch_up", "ms"));
        row(results, "start catch-up: first tick ms", r -> at(r, "start_catch_up", "first_tick_ms"));
        row(results, "start catch-up ticks, delivered", r -> pair(r, "start_catch_up", "ticks", "delivered"));
        row(results, "idle tick p50 ms", r -> at(r, "idle_tick", "p50_ms"));
        row(results, "idle tick p99 ms", r -> at(r, "idle_tick", "p99_ms"));
        row(results, "morning tick ms (outbox drained)", r -> at(r, "morning_tick", "ms"));
        row(results, "morning tick messages delivered", r -> at(r, "morning_tick", "delivered"));
        row(results, "morning's rest: ticks, delivered", r -> pair(r, "morning_catch_up", "ticks", "delivered"));
        row(results, "due tick ms", r -> at(r, "due_tick", "ms"));
        row(results, "due tick jobs run", r -> at(r, "due_tick", "jobs"));
        row(results, "due tick: asked meanwhile, p50 ms", r -> at(r, "due_tick", "asked", "p50_ms"));
        row(results, "due tick: asked meanwhile, p99 ms", r -> at(r, "due_tick", "asked", "p99_ms"));
        row(results, "due tick: asked meanwhile, max ms", r -> at(r, "due_tick", "asked", "max_ms"));
        row(results, "20k jobs waiting: first tick ms", r -> at(r, "crowded_tick", "first_ms"));
        row(results, "20k jobs waiting: idle tick p50 ms", r -> at(r, "crowded_tick", "p50_ms"));
        row(results, "20k jobs waiting: idle tick p99 ms", r -> at(r, "crowded_tick", "p99_ms"));
    }

    private static Object at(Map<String, Object> result, String group, String key) {
        return result.get(group) instanceof Map<?, ?> m ? m.get(key) : "";
    }

    /** Two figures of one group as "a, b", or nothing for a size not measured. */
    private static Object pair(Map<String, Object> result, String group, String first, String second) {
        return result.get(group) instanceof Map<?, ?> ? at(result, group, first) + ", " + at(result, group, second) : "";
    }

    private static Object at(Map<String, Object> result, String group, String part, String key) {
        return result.get(group) instanceof Map<?, ?> m && m.get(part) instanceof Map<?, ?> p ? p.get(key) : "";
    }

    private static void row(List<Map<String, Object>> results, String name,
                            Function<Map<String, Object>, Object> figure) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s", name));
        // A build kept unmeasured has no figures yet: its rows stay blank rather than say "null".
        results.forEach(r -> line.append(String.format(Locale.ROOT, "%12s", Objects.toString(figure.apply(r), ""))));
        System.out.println(line);
    }
}
