package app.afterglow.bench;

import app.afterglow.bench.Interactions.Step;
import app.afterglow.bench.Load.Kind;
import app.afterglow.bench.Load.Person;
import app.afterglow.bench.scale.Scale;
import app.afterglow.config.DiscordConfig;
import app.afterglow.testing.ScratchDir;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInUser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The load benchmark of issue 5: Afterglow as a host runs it (the shaded jar, real JDA, a real
 * SQLite file with encryption on) and a bare JDA bot with the same JVM flags ({@code -Xmx64m}),
 * each in its own JVM against a fresh Discord stand-in on 127.0.0.1, side by side.
 *
 * <p>Each bot first answers {@code /help} to every person, then {@code bench.warm-up-couples}
 * couples go through a whole check-in with no pause, untimed (the bare bot gets their
 * interactions as fast as it answers), and the load waits until the bot's JIT compilers have
 * caught up ({@link ChildJvm#awaitQuietCompilers}): both are timed once their compilers have seen
 * the work, not while they still compile it. Without a warm-up the first third of the timed load
 * ran at two to three times the latency of the rest, Afterglow's more than the bare bot's. With
 * 200 couples Afterglow's compiler threads still took 2.1–2.7 ms of processor time per timed
 * interaction (the bare bot's 1.6), more than half of all it used, so the timed load measured the
 * end of its warm-up; with 600, 0.4–1.0 (the bare bot's 0.9–1.8), with 1,000 0.3 (0.6), while
 * the stand-in, holding every call of the run, then worked twice as hard beside the bots. The
 * rows "of which JIT compiling" and "the rest" show the split each run, and "JIT s before timing"
 * what compiling cost each bot before the timed load: a price every start pays once. Then, for
 * latency, {@code bench.couples} couples at once go through an {@code after} check-in end to end
 * with Afterglow, each person taking a moment ({@code bench.think} ms, give or take half) before
 * each step; the bare bot gets the very same interactions (kind, person, moment), so both are
 * timed under the same offered load. For throughput, {@code bench.ceiling-couples} more couples
 * do the same with no pause at all, and the bare bot gets their interactions as fast as it
 * answers: the most each sustains. Latency is from the gateway dispatch to the bot's callback
 * arriving at the stand-in. The stand-in answers every request at once unless {@code
 * bench.latency} (ms) says to hold each answer that long, as Discord's round trip would (the
 * start-up trials are not held), and with {@code bench.global-limit} set it refuses the bot's
 * requests past that many a second as Discord's global rate limit does. Each reveal's delay, from
 * both partners having sent their answers to the reveal reaching Discord, is measured too. Every
 * reveal of the run is checked for lost and misdelivered answers.
 * Start-up (process start to the first answered probe) is timed before the loads, over several
 * starts of each bot taking turns (see {@link #ready()}); the median counts.
 *
 * <p>All of that is one round; {@code bench.rounds} rounds run, Afterglow and the bare bot taking
 * turns (ours, bare, ours, bare…), each bot in a fresh JVM against a fresh stand-in every round,
 * and every figure is the median of the rounds, shown with its range: a single run moved the
 * ratios by ±30% on a shared machine. With {@code bench.profile} set to a directory, every JVM
 * records a JFR profile there ({@code ours-round-1.jfr}, {@code bare-round-1.jfr}, …).
 *
 * <p>The bare and floor bots run from a jar of their own beside Afterglow's, whose libraries they
 * use ({@link BareBotJar}), so that every bot starts from the same packaging.
 *
 * <p>With {@code bench.floor} set, each round also runs the floor bot: the bare bot keeping every
 * interaction in a {@link SealedJournal} before it answers (one sealed row, one commit), timed on
 * the very same interactions. It tells what storing before answering costs by itself, which any
 * bot that keeps what people send pays, from what the rest of Afterglow's turn costs.
 *
 * <p>Prints a table, writes {@code result.json} (and each round's latencies over time as CSV) to
 * {@code bench.out}, and exits non-zero only if the run itself broke or an answer was lost or
 * misdelivered, never on a time. Run by {@code mvn -B -Pbench verify}; with {@code bench.scale}
 * set, the scale run ({@link Scale}) runs instead.
 */
public final class Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest the load waits for a bot's JIT compilers to catch up with its warm-up. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * Starts of each bot for ready (or one a round, if more). With five, two runs of nearly the same
     * code in session 15 gave ratios a tenth apart; a start takes about two seconds.
     */
    private static final int READY_TRIALS = 11;

    private final int couples;
    private final int ceilingCouples;
    private final int warmUpCouples;
    private final long thinkMillis;
    /** How long the stand-in holds every REST answer in the loads, as Discord's round trip would. */
    private final Duration latency;
    /** Discord's global rate limit as the stand-in plays it in the loads, requests a second; 0 for none. */
    private final int globalLimit;
    private final int rounds;
    /** Whether each round also runs the floor bot (see the class comment). */
    private final boolean floor;
    private final List<String> jvmOptions;
    private final Optional<Path> profiles;
    private final Path jar;
    private final Path out;
    /** The bare and floor bots' classes, run beside {@link #jar}: see {@link BareBotJar}. */
    private final Path botsJar;
    private final long phaseTimeoutNanos;
    private final List<String> failures = new ArrayList<>();

    private Benchmark(int couples, int ceilingCouples, int warmUpCouples, long thinkMillis, Duration latency,
                      int globalLimit, int rounds, boolean floor,
                      List<String> jvmOptions, Optional<Path> profiles, Path jar, Path out, long phaseTimeoutSeconds) {
        this.couples = couples;
        this.ceilingCouples = ceilingCouples;
        this.warmUpCouples = warmUpCouples;
        this.thinkMillis = thinkMillis;
        this.latency = latency;
        this.globalLimit = globalLimit;
        this.rounds = rounds;
        this.floor = floor;
        this.jvmOptions = jvmOptions;
        this.profiles = profiles;
        this.jar = jar;
        this.out = out;
        this.botsJar = out.resolve("bench-bots.jar");
        this.phaseTimeoutNanos = TimeUnit.SECONDS.toNanos(phaseTimeoutSeconds);
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("bench.scale")) {
            Scale.main(args);
            return;
        }
        List<String> jvm = words(System.getProperty("bench.jvm", "-Xmx64m"));
        Path jar = Path.of(System.getProperty("bench.jar", "target/afterglow.jar"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        int starts = Integer.getInteger("bench.starts", 0);
        if (starts > 0) {
            System.exit(Starts.run(starts, jvm, jar, Starts.jars(System.getProperty("bench.starts.compare", "")), out));
        }
        Benchmark benchmark = new Benchmark(Integer.getInteger("bench.couples", 200),
                Integer.getInteger("bench.ceiling-couples", 50), Integer.getInteger("bench.warm-up-couples", 600),
                Long.getLong("bench.think", 1800), Duration.ofMillis(Long.getLong("bench.latency", 0)),
                Integer.getInteger("bench.global-limit", 0), Math.max(1, Integer.getInteger("bench.rounds", 5)),
                Boolean.getBoolean("bench.floor"),
                jvm, Optional.of(System.getProperty("bench.profile", "").strip()).filter(d -> !d.isEmpty()).map(Path::of),
                jar, out, Long.getLong("bench.timeout", 150));
        System.exit(benchmark.run());
    }

    private int run() throws Exception {
        Files.createDirectories(out);
        if (!Files.isRegularFile(jar)) {
            System.err.println("bench: no " + jar + "; build it first (mvn -B -Pbench verify does)");
            return 2;
        }
        if (profiles.isPresent()) {
            Files.createDirectories(profiles.get());
        }
        System.out.printf(Locale.ROOT, "bench: %d rounds, ours and bare%s in turns; each: after %d couples to warm up, %d"
                        + " couples at once, about %d ms between a person's steps; then %d couples with no pause; bots'"
                        + " JVM flags %s%s%s%n", rounds, floor ? " and the floor bot" : "", warmUpCouples, couples, thinkMillis, ceilingCouples, jvmOptions,
                (latency.isZero() ? "" : "; Discord answers every request after " + latency.toMillis() + " ms")
                        + (globalLimit == 0 ? "" : "; Discord's global limit at " + globalLimit + " requests a second"),
                profiles.map(d -> "; JFR profiles to " + d).orElse(""));
        BareBotJar.write(botsJar);
        Ready ready = ready();
        Rounds ours = new Rounds();
        Rounds bare = new Rounds();
        Rounds floorRounds = new Rounds();
        List<Map<String, Object>> each = new ArrayList<>();
        Checked checked = new Checked();
        for (int round = 1; round <= rounds; round++) {
            OursRun oursRun = ours(ready, round);
            Figures bareRound = baseline(oursRun, ready, round, "bare");
            ours.add(oursRun.figures());
            bare.add(bareRound);
            checked.add(oursRun);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("round", round);
            figures.put("ours", oursRun.figures().json());
            figures.put("bare", bareRound.json());
            if (floor) {
                Figures floorRound = baseline(oursRun, ready, round, "floor");
                floorRounds.add(floorRound);
                figures.put("floor", floorRound.json());
            }
            each.add(figures);
            System.out.printf(Locale.ROOT, "bench: round %d of %d done: p50 %.1f / %.1f ms, CPU %.1f / %.1f ms per"
                            + " interaction (ours / bare)%n", round, rounds, oursRun.figures().latencies().percentile(50),
                    bareRound.latencies().percentile(50), oursRun.figures().cpuMsPerInteraction(),
                    bareRound.cpuMsPerInteraction());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ours", ours.medianJson());
        result.put("bare", bare.medianJson());
        result.put("ours_range", ours.rangeJson());
        result.put("bare_range", bare.rangeJson());
        if (floor) {
            result.put("floor", floorRounds.medianJson());
            result.put("floor_range", floorRounds.rangeJson());
        }
        result.put("rounds", each);
        result.put("couples", couples);
        result.put("think_ms", thinkMillis);
        result.put("latency_ms", latency.toMillis());
        result.put("global_limit_per_s", globalLimit);
        result.put("ceiling_couples", ceilingCouples);
        result.put("warm_up_couples", warmUpCouples);
        result.put("lost_answers", checked.lostAnswers);
        result.put("misdelivered_reveals", checked.misdelivered);
        result.put("duplicate_reveals", checked.duplicateReveals);
        result.put("repeated_callbacks", checked.repeatedCallbacks);
        result.put("jvm_flags", jvmOptions);
        result.put("failures", failures);
        JSON.writeValue(out.resolve("result.json").toFile(), result);
        print(ours, bare, checked);
        if (floor) {
            printFloor(ours, bare, floorRounds);
        }
        boolean broken = !failures.isEmpty();
        return broken || checked.lostAnswers > 0 || checked.misdelivered > 0 || checked.duplicateReveals > 0
                || checked.repeatedCallbacks > 0 ? 1 : 0;
    }

    /** What the reveals of every round showed, added up: any of it fails the run. */
    private static final class Checked {
        private int lostAnswers;
        private int misdelivered;
        private int duplicateReveals;
        private int repeatedCallbacks;

        void add(OursRun run) {
            lostAnswers += run.lostAnswers();
            misdelivered += run.misdelivered();
            duplicateReveals += run.duplicateReveals();
            repeatedCallbacks += run.repeatedCallbacks();
        }
    }

    /**
     * The bots' JVM flags, and a flight recording into {@code bench.profile} when asked for. Java
     * code is sampled every millisecond rather than the profile settings' 10: at the people's pace
     * the worker runs a fraction of a millisecond an interaction, and 10 ms gave a few dozen of its
     * samples in a whole timed load.
     */
    private List<String> jvm(String bot, int round) {
        List<String> options = new ArrayList<>(jvmOptions);
        profiles.ifPresent(dir -> options.add("-XX:StartFlightRecording=filename="
                + dir.toAbsolutePath().resolve(bot + "-round-" + round + ".jfr")
                + ",settings=profile,jdk.ExecutionSample#period=1ms"));
        return options;
    }

    /** What Afterglow's run left: its figures, its load to replay, and what the reveals showed. */
    private record OursRun(Figures figures, Interactions warm, Interactions paced, Interactions fast, int lostAnswers,
                           int misdelivered,
                           int duplicateReveals, int repeatedCallbacks) {
    }

    private OursRun ours(Ready ready, int round) throws Exception {
        try (DiscordStandIn standIn = DiscordStandIn.start();
             ScratchDir.Scoped scratch = ScratchDir.scoped("afterglow-bench-")) {
            standIn.setResponseDelay(latency);
            standIn.setGlobalRateLimit(globalLimit);
            Load load = new Load(standIn, couples + ceilingCouples + warmUpCouples);
            StandInUser prober = standIn.addUser("prober");
            Path work = scratch.path();
            List<String> launch = List.of("-jar", jar.toAbsolutePath().toString());
            int registrations = standIn.callsTo("applications/\\d+/commands").size();
            try (ChildJvm bot = Bots.afterglow(jvm("ours", round), launch, standIn, work.resolve("data"), work,
                    out.resolve("ours-" + round + ".log"), botRequestsPerSecond())) {
                Bots.awaitReady(standIn, prober, bot);
                // Registering commands is start-up work; the load begins once this start has done it.
                long registeredBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (standIn.callsTo("applications/\\d+/commands").size() == registrations
                        && System.nanoTime() < registeredBy) {
                    Thread.sleep(20);
                }
                warmUp(load, System.nanoTime() + phaseTimeoutNanos);
                Interactions warm = observed(standIn);
                int lost = runCouples(load, warm, couples + ceilingCouples, warmUpCouples, 0).lost();
                boolean quiet = bot.awaitQuietCompilers(System.nanoTime() + SETTLE_NANOS);

                Interactions paced = observed(standIn);
                double cpuBefore = bot.cpuSeconds();
                double jitBefore = bot.compilerCpuSeconds();
                double driverBefore = driverCpuSeconds();
                int callsBefore = standIn.calls().size();
                int limitedBefore = standIn.globallyRateLimited();
                Phase pacedPhase = runCouples(load, paced, 0, couples, thinkMillis);
                lost += pacedPhase.lost();
                int calls = standIn.calls().size() - callsBefore;
                int limited = standIn.globallyRateLimited() - limitedBefore;
                double cpuMs = (bot.cpuSeconds() - cpuBefore) * 1000;
                double jitMs = (bot.compilerCpuSeconds() - jitBefore) * 1000;
                double driverMs = (driverCpuSeconds() - driverBefore) * 1000;
                double rss = bot.peakRssMb();

                Interactions fast = observed(standIn);
                long start = System.nanoTime();
                lost += runCouples(load, fast, couples, ceilingCouples, 0).lost();
                double perSecond = fast.latencies().count() / ((System.nanoTime() - start) / 1e9);

                if (!bot.alive()) {
                    failures.add("ours: the bot process ended during the load; see " + out.resolve("ours-" + round + ".log"));
                }
                rss = Math.max(rss, bot.peakRssMb());
                bot.collectGarbage();
                Files.write(out.resolve("ours-latencies-" + round + ".csv"), paced.timeline());
                Latencies latencies = paced.latencies();
                for (Interactions phase : List.of(paced, fast)) {
                    if (phase.latencies().unanswered() > 0) {
                        failures.add("ours: " + phase.latencies().unanswered() + " interactions never acknowledged");
                    }
                }
                load.mailboxes.misdeliveries().stream().limit(20).forEach(m -> failures.add("ours: misdelivered " + m));
                Figures figures = new Figures(latencies, fast.latencies(), perSecond, bot.peakHeapMb(), rss, ready.ours(),
                        bot.heapAfterLastGcMb(), cpuMs / Math.max(1, latencies.count()),
                        jitMs / Math.max(1, latencies.count()), jitBefore, quiet,
                        driverMs / Math.max(1, latencies.count()),
                        (double) calls / Math.max(1, latencies.count()), paced.meanPayloadChars(),
                        new Latencies(pacedPhase.revealMillis(), 0), limited, bot.pauses().during(paced.sentAndAnswered()));
                // The paced phase's observer heard every callback from its start on, the fast phase's too.
                return new OursRun(figures, warm, paced, fast, lost, load.mailboxes.misdelivered(), duplicateReveals(load),
                        paced.repeatedCallbacks());
            }
        }
    }

    /**
     * What one phase's couples left: the answers lost, and for every person whose couple came
     * through, the milliseconds from both having sent their answers to their reveal reaching Discord.
     */
    private record Phase(int lost, List<Double> revealMillis) {
    }

    /** Couples {@code first} to {@code first + count - 1} through their check-ins, all at once. */
    private Phase runCouples(Load load, Interactions timed, int first, int count, long think) throws InterruptedException {
        long deadline = System.nanoTime() + phaseTimeoutNanos;
        CheckinFlow flow = new CheckinFlow(load, timed, think, deadline);
        ExecutorService people = Executors.newFixedThreadPool(2 * Math.max(1, count), daemon("bench-person"));
        try {
            List<Future<CheckinFlow.Outcome>> outcomes = new ArrayList<>();
            for (int couple = first; couple < first + count; couple++) {
                int c = couple;
                outcomes.add(people.submit(() -> flow.inviter(c)));
                outcomes.add(people.submit(() -> flow.invitee(c)));
            }
            int lost = 0;
            List<CheckinFlow.Outcome> each = new ArrayList<>();
            for (Future<CheckinFlow.Outcome> done : outcomes) {
                CheckinFlow.Outcome outcome;
                try {
                    outcome = done.get(remaining(deadline) + GRACE_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    outcome = CheckinFlow.Outcome.broken("a person did not finish: " + e);
                }
                lost += outcome.lostAnswers();
                if (outcome.broken()) {
                    failures.add("ours: " + outcome.failure());
                }
                each.add(outcome);
            }
            List<Double> reveals = new ArrayList<>();
            for (int i = 0; i + 1 < each.size(); i += 2) {
                CheckinFlow.Outcome inviter = each.get(i);
                CheckinFlow.Outcome invitee = each.get(i + 1);
                if (!inviter.broken() && !invitee.broken()) {
                    reveals.add(inviter.revealMillisAfterBoth(invitee));
                    reveals.add(invitee.revealMillisAfterBoth(inviter));
                }
            }
            return new Phase(lost, reveals);
        } finally {
            people.shutdownNow();
        }
    }

    /** Each bot's start-up times, in milliseconds. */
    private record Ready(List<Double> ours, List<Double> bare, List<Double> floor) {
    }

    /**
     * Start-up, the noisiest figure on a shared machine, timed apart from the loads: each bot is
     * started {@link #READY_TRIALS} times, taking turns (and turns about who goes first), each time
     * against a fresh stand-in, timed to its first answered probe and stopped. A first, untimed
     * start of the bare bot warms this process's own code, so neither bot's first start pays for it.
     */
    private Ready ready() throws Exception {
        Map<String, List<Double>> starts = new LinkedHashMap<>();
        starts.put("ours", new ArrayList<>());
        starts.put("bare", new ArrayList<>());
        if (floor) {
            starts.put("floor", new ArrayList<>());
        }
        List<String> bots = List.copyOf(starts.keySet());
        try (ScratchDir.Scoped scratch = ScratchDir.scoped("ready-bench-")) {
            Path work = scratch.path();
            startOnce(work, "bare", 0);
            for (int trial = 1; trial <= Math.max(READY_TRIALS, rounds); trial++) {
                for (int turn = 0; turn < bots.size(); turn++) {
                    String bot = bots.get((turn + trial) % bots.size());
                    starts.get(bot).add(startOnce(work, bot, trial));
                }
            }
        }
        return new Ready(starts.get("ours"), starts.get("bare"), starts.getOrDefault("floor", List.of()));
    }

    private double startOnce(Path work, String which, int trial) throws Exception {
        Path data = work.resolve(which + "-data-" + trial);
        Bots.Starter starter = switch (which) {
            case "ours" -> Bots.afterglowStarter(jvmOptions, jar, data, work, botRequestsPerSecond());
            case "floor" -> Bots.bareStarter(jvmOptions, jar, botsJar, Optional.of(data), work);
            default -> Bots.bareStarter(jvmOptions, jar, botsJar, Optional.empty(), work);
        };
        return Bots.timeStart(starter, out.resolve(which + "-ready-" + trial + ".log")).readyMs();
    }

    /**
     * What the bot is told Discord takes of its requests a second: with no global limit in the
     * stand-in, as many as the setting allows, so the load measures the bot and not a limit the
     * stand-in does not have; with one (Discord's is 50), the bot's default, as a host runs it.
     */
    private int botRequestsPerSecond() {
        return globalLimit == 0 ? DiscordConfig.MAX_REQUESTS_PER_SECOND : DiscordConfig.DEFAULT_REQUESTS_PER_SECOND;
    }

    /** Reveals beyond one per person: each person must get exactly one per check-in. */
    private static int duplicateReveals(Load load) {
        int duplicates = 0;
        for (Person person : load.people) {
            long reveals = person.mailbox().snapshot().stream().filter(m -> m.content().contains("what you both shared")).count();
            duplicates += (int) Math.max(0, reveals - 1);
        }
        return duplicates;
    }

    /**
     * The bare bot ({@code which} "bare") or the floor bot ("floor") under the load Afterglow had
     * in {@code ours}: the same interactions, the same moments.
     */
    private Figures baseline(OursRun ours, Ready ready, int round, String which) throws Exception {
        try (DiscordStandIn standIn = DiscordStandIn.start();
             ScratchDir.Scoped scratch = ScratchDir.scoped(which + "-bench-")) {
            standIn.setResponseDelay(latency);
            standIn.setGlobalRateLimit(globalLimit);
            Load load = new Load(standIn, couples + ceilingCouples + warmUpCouples);
            StandInUser prober = standIn.addUser("prober");
            Path work = scratch.path();
            Optional<Path> journal = which.equals("floor")
                    ? Optional.of(Files.createDirectories(work.resolve("journal"))) : Optional.empty();
            try (ChildJvm bot = Bots.bare(jvm(which, round), jar, botsJar, journal, standIn, work,
                    out.resolve(which + "-" + round + ".log"))) {
                Bots.awaitReady(standIn, prober, bot);
                Map<Integer, StandInMessage> carriers = warmUp(load, System.nanoTime() + phaseTimeoutNanos);
                asFastAsAnswered(load, observed(standIn), ours.warm().steps(), carriers, which);
                boolean quiet = bot.awaitQuietCompilers(System.nanoTime() + SETTLE_NANOS);

                // Afterglow's interactions again, each at the moment Afterglow got it.
                Interactions paced = observed(standIn);
                List<Step> schedule = ours.paced().steps();
                long first = schedule.isEmpty() ? 0 : ours.paced().dispatchedAt(schedule.get(0).interactionId());
                double cpuBefore = bot.cpuSeconds();
                double jitBefore = bot.compilerCpuSeconds();
                double driverBefore = driverCpuSeconds();
                int callsBefore = standIn.calls().size();
                int limitedBefore = standIn.globallyRateLimited();
                long start = System.nanoTime();
                for (Step step : schedule) {
                    long wait = start + ours.paced().dispatchedAt(step.interactionId()) - first - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Person person = load.people.get(step.person());
                    Load.send(paced, person, step.kind(), bareInteraction(load, person, step.kind(), carriers));
                }
                awaitAll(paced, System.nanoTime() + phaseTimeoutNanos, which);
                int calls = standIn.calls().size() - callsBefore;
                int limited = standIn.globallyRateLimited() - limitedBefore;
                double cpuMs = (bot.cpuSeconds() - cpuBefore) * 1000;
                double jitMs = (bot.compilerCpuSeconds() - jitBefore) * 1000;
                double driverMs = (driverCpuSeconds() - driverBefore) * 1000;
                double rss = bot.peakRssMb();

                Interactions fast = observed(standIn);
                double perSecond = asFastAsAnswered(load, fast, ours.fast().steps(), carriers, which);

                if (!bot.alive()) {
                    failures.add(which + ": the bot process ended during the load; see "
                            + out.resolve(which + "-" + round + ".log"));
                }
                rss = Math.max(rss, bot.peakRssMb());
                bot.collectGarbage();
                Files.write(out.resolve(which + "-latencies-" + round + ".csv"), paced.timeline());
                Latencies latencies = paced.latencies();
                List<Double> starts = which.equals("bare") ? ready.bare() : ready.floor();
                return new Figures(latencies, fast.latencies(), perSecond, bot.peakHeapMb(), rss, starts,
                        bot.heapAfterLastGcMb(), cpuMs / Math.max(1, latencies.count()),
                        jitMs / Math.max(1, latencies.count()), jitBefore, quiet,
                        driverMs / Math.max(1, latencies.count()),
                        (double) calls / Math.max(1, latencies.count()), paced.meanPayloadChars(),
                        new Latencies(List.of(), 0), limited, bot.pauses().during(paced.sentAndAnswered()));
            }
        }
    }

    /**
     * {@code steps} once more, each person sending their next as soon as the last was answered:
     * the most the bare bot sustains with this many people. Returns interactions per second.
     */
    private double asFastAsAnswered(Load load, Interactions timed, List<Step> steps, Map<Integer, StandInMessage> carriers,
                                    String which) throws InterruptedException {
        Map<Integer, List<Kind>> byPerson = new LinkedHashMap<>();
        steps.forEach(s -> byPerson.computeIfAbsent(s.person(), p -> new ArrayList<>()).add(s.kind()));
        long deadline = System.nanoTime() + phaseTimeoutNanos;
        ExecutorService people = Executors.newFixedThreadPool(Math.max(1, byPerson.size()), daemon("bench-bare-person"));
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            byPerson.forEach((index, kinds) -> done.add(people.submit(() -> {
                Person person = load.people.get(index);
                for (Kind kind : kinds) {
                    SentInteraction sent = Load.send(timed, person, kind, bareInteraction(load, person, kind, carriers));
                    timed.await(sent.id(), remaining(deadline) / 1_000_000 + 1);
                }
                return null;
            })));
            for (Future<?> f : done) {
                try {
                    f.get(remaining(deadline) + GRACE_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    failures.add(which + " (no pause): a person did not finish: " + e);
                }
            }
        } finally {
            people.shutdownNow();
        }
        return timed.latencies().count() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * What the bare bot gets for an interaction of {@code kind}: the same kind, from the same
     * person, in the same place. It renders no controls, so clicks and picks come from its own
     * earlier reply in the person's DM, as a modified client could send them.
     */
    private static Supplier<SentInteraction> bareInteraction(Load load, Person person, Kind kind,
                                                             Map<Integer, StandInMessage> carriers) {
        StandInMessage carrier = carriers.get(person.index());
        return switch (kind) {
            case SLASH_IN_SERVER -> () -> load.standIn.slashCommand(load.general, person.user(), "partner invite",
                    SlashOption.user("person", load.people.get(person.index() ^ 1).user()));
            case SLASH_IN_DM -> () -> load.standIn.slashCommand(person.dm(), person.user(), "checkin",
                    SlashOption.string("kind", "after"));
            case BUTTON -> () -> load.standIn.forgeButtonClick(person.user(), carrier, "p|bench");
            case SELECT -> () -> load.standIn.forgeSelectMenu(person.user(), carrier, "s|bench", "1", "2");
            case MODAL -> () -> load.standIn.submitModal(person.user(), carrier, "m|bench",
                    Map.of("answer", "Noted for the bench"));
        };
    }

    /**
     * Every person asks for {@code /help} in their DM, and the bot's answer is awaited: the first
     * part of the same warm-up for both bots, and a message of the bot's in each DM to send clicks
     * from. Untimed.
     */
    private static Map<Integer, StandInMessage> warmUp(Load load, long deadline) throws TimeoutException, InterruptedException {
        Map<Integer, StandInMessage> carriers = new HashMap<>();
        for (Person person : load.people) {
            load.standIn.slashCommand(person.dm(), person.user(), "help");
        }
        for (Person person : load.people) {
            carriers.put(person.index(), person.mailbox().await(m -> !m.content().isEmpty(), deadline, "the answer to /help"));
        }
        return carriers;
    }

    private void awaitAll(Interactions timed, long deadline, String who) throws InterruptedException {
        int unanswered = 0;
        for (Step step : timed.steps()) {
            try {
                timed.await(step.interactionId(), remaining(deadline) / 1_000_000 + 1);
            } catch (TimeoutException e) {
                unanswered++;
            }
        }
        if (unanswered > 0) {
            failures.add(who + ": " + unanswered + " interactions never acknowledged");
        }
    }

    private static Interactions observed(DiscordStandIn standIn) {
        Interactions interactions = new Interactions();
        standIn.observe(interactions);
        return interactions;
    }

    /** Today's table, each figure the median of the rounds, and each one's range over the rounds. */
    private void print(Rounds ours, Rounds bare, Checked checked) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s   %-15s %-15s%n", "", "ours", "bare", "ours/bare",
                "ours min–max", "bare min–max");
        row("p50 ms", ours, bare, f -> f.latencies().percentile(50));
        row("p99 ms", ours, bare, f -> f.latencies().percentile(99));
        row("max ms", ours, bare, f -> f.latencies().max());
        row("interactions/s (no pause)", ours, bare, Figures::interactionsPerS);
        row("p99 ms (no pause)", ours, bare, f -> f.ceiling().percentile(99));
        row("peak heap MB", ours, bare, Figures::peakHeapMb);
        row("peak RSS MB", ours, bare, Figures::peakRssMb);
        startsRow("ready ms", ours, bare);
        row("heap after GC MB", ours, bare, Figures::heapAfterGcMb);
        row("GC paused, % of paced", ours, bare, f -> f.gc().pausedPercent());
        row("slowest 1% in GC pause, %", ours, bare, f -> f.gc().slowestInPausePercent());
        row("GC pauses, paced", ours, bare, f -> f.gc().pauses());
        row("allocated KB/interaction", ours, bare, f -> f.gc().allocatedKbPerInteraction());
        row("CPU ms/interaction", ours, bare, Figures::cpuMsPerInteraction);
        row("  of which JIT compiling", ours, bare, Figures::jitCpuMsPerInteraction);
        row("  the rest", ours, bare, Figures::workCpuMsPerInteraction);
        row("JIT s before timing", ours, bare, Figures::jitSecondsBeforeTiming);
        row("stand-in CPU ms/interaction", ours, bare, Figures::driverCpuMsPerInteraction);
        row("REST requests/interaction", ours, bare, Figures::restRequestsPerInteraction);
        row("interaction size, chars", ours, bare, Figures::meanPayloadChars);
        System.out.printf(Locale.ROOT, "%-26s %10.0f %10.0f%n", "interactions timed", ours.median(Figures::interactions),
                bare.median(Figures::interactions));
        oursOnly("reveal p50 ms after both", ours, f -> f.reveals().percentile(50));
        oursOnly("reveal p99 ms after both", ours, f -> f.reveals().percentile(99));
        row("refused: global limit", ours, bare, Figures::globallyLimited);
        System.out.printf(Locale.ROOT, "rounds %d (ours and bare in turns; medians, min–max) · couples %d + %d (+ %d to"
                        + " warm up) · lost answers %d · misdelivered %d · duplicate reveals %d · interactions answered"
                        + " twice %d%n", rounds, couples, ceilingCouples, warmUpCouples, checked.lostAnswers,
                checked.misdelivered, checked.duplicateReveals, checked.repeatedCallbacks);
        System.out.printf(Locale.ROOT, "JIT compilers quiet before the timed load: ours in %d of %d rounds, bare in %d"
                        + " (waited for up to %d s after the warm-up)%n", quietRounds(ours), rounds, quietRounds(bare),
                TimeUnit.NANOSECONDS.toSeconds(SETTLE_NANOS));
        failures.forEach(f -> System.out.println("FAILED: " + f));
        System.out.println("written: " + out.resolve("result.json"));
    }

    /**
     * The floor bot beside the bare bot and Afterglow: what storing before answering costs by
     * itself (floor/bare), and what the rest of Afterglow's turn costs above that (ours/floor).
     */
    private void printFloor(Rounds ours, Rounds bare, Rounds floorRounds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %10s %10s %10s %10s %10s   %-15s%n", "", "floor", "bare", "floor/bare",
                "ours", "ours/floor", "floor min–max");
        floorRow("p50 ms", ours, bare, floorRounds, f -> f.latencies().percentile(50));
        floorRow("p99 ms", ours, bare, floorRounds, f -> f.latencies().percentile(99));
        floorRow("max ms", ours, bare, floorRounds, f -> f.latencies().max());
        floorRow("interactions/s (no pause)", ours, bare, floorRounds, Figures::interactionsPerS);
        floorRow("p99 ms (no pause)", ours, bare, floorRounds, f -> f.ceiling().percentile(99));
        floorRow("peak heap MB", ours, bare, floorRounds, Figures::peakHeapMb);
        floorRow("peak RSS MB", ours, bare, floorRounds, Figures::peakRssMb);
        floorStartsRow(ours.all().get(0), bare.all().get(0), floorRounds.all().get(0));
        floorRow("heap after GC MB", ours, bare, floorRounds, Figures::heapAfterGcMb);
        floorRow("GC paused, % of paced", ours, bare, floorRounds, f -> f.gc().pausedPercent());
        floorRow("slowest 1% in GC pause, %", ours, bare, floorRounds, f -> f.gc().slowestInPausePercent());
        floorRow("GC pauses, paced", ours, bare, floorRounds, f -> f.gc().pauses());
        floorRow("allocated KB/interaction", ours, bare, floorRounds, f -> f.gc().allocatedKbPerInteraction());
        floorRow("CPU ms/interaction", ours, bare, floorRounds, Figures::cpuMsPerInteraction);
        floorRow("  of which JIT compiling", ours, bare, floorRounds, Figures::jitCpuMsPerInteraction);
        floorRow("  the rest", ours, bare, floorRounds, Figures::workCpuMsPerInteraction);
        System.out.printf(Locale.ROOT, "the floor bot: the bare bot keeping each interaction first, one sealed row in"
                + " one commit (%d rounds, in turns with the others; JIT compilers quiet before the timed load in %d)%n",
                floorRounds.all().size(), quietRounds(floorRounds));
    }

    /** Ready, timed over starts apart from the rounds: its range is over those starts. */
    private static void floorStartsRow(Figures ours, Figures bare, Figures floorBot) {
        System.out.printf(Locale.ROOT, "%-26s %10.1f %10.1f %10.2f %10.1f %10.2f   %-15s%n", "ready ms",
                floorBot.readyMs(), bare.readyMs(), floorBot.readyMs() / bare.readyMs(), ours.readyMs(),
                ours.readyMs() / floorBot.readyMs(), startsRange(floorBot));
    }

    private static void floorRow(String name, Rounds ours, Rounds bare, Rounds floorRounds,
                                 ToDoubleFunction<Figures> figure) {
        double f = floorRounds.median(figure);
        double b = bare.median(figure);
        double o = ours.median(figure);
        System.out.printf(Locale.ROOT, "%-26s %10.1f %10.1f %10s %10.1f %10s   %-15s%n", name, f, b, ratio(f, b), o,
                ratio(o, f), range(floorRounds, figure));
    }

    /** No ratio to a figure of 0: "–", not a made-up 0. */
    private static String ratio(double over, double under) {
        return under == 0 ? "–" : String.format(Locale.ROOT, "%.2f", over / under);
    }

    private static long quietRounds(Rounds rounds) {
        return rounds.all().stream().filter(Figures::compilersQuiet).count();
    }

    private static void row(String name, Rounds ours, Rounds bare, ToDoubleFunction<Figures> figure) {
        double o = ours.median(figure);
        double b = bare.median(figure);
        // A bare figure of 0 is requests the stand-in refused the bare bot.
        System.out.printf(Locale.ROOT, "%-26s %10.1f %10.1f %10s   %-15s %-15s%n", name, o, b, ratio(o, b),
                range(ours, figure), range(bare, figure));
    }

    /** Ready, timed over starts apart from the rounds: its range is over those starts. */
    private static void startsRow(String name, Rounds ours, Rounds bare) {
        Figures o = ours.all().get(0);
        Figures b = bare.all().get(0);
        System.out.printf(Locale.ROOT, "%-26s %10.1f %10.1f %10.2f   %-15s %-15s%n", name, o.readyMs(), b.readyMs(),
                o.readyMs() / b.readyMs(), startsRange(o), startsRange(b));
    }

    private static String startsRange(Figures figures) {
        DoubleSummaryStatistics starts = figures.readyTrialsMs().stream().mapToDouble(Double::doubleValue)
                .summaryStatistics();
        return String.format(Locale.ROOT, "%.1f–%.1f", starts.getMin(), starts.getMax());
    }

    /** A figure of something only Afterglow does (the bare bot sends no direct messages). */
    private static void oursOnly(String name, Rounds ours, ToDoubleFunction<Figures> figure) {
        System.out.printf(Locale.ROOT, "%-26s %10.1f %10s %10s   %-15s%n", name, ours.median(figure), "–", "",
                range(ours, figure));
    }

    private static String range(Rounds rounds, ToDoubleFunction<Figures> figure) {
        return String.format(Locale.ROOT, "%.1f–%.1f", rounds.min(figure), rounds.max(figure));
    }

    /**
     * This JVM's processor time: the stand-in and the simulated people share the machine with
     * the bot, so what they cost is part of the picture.
     */
    private static double driverCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
