package app.afterglow.bench;

import app.afterglow.config.DiscordConfig;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.StandInUser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starting the bots under measurement and telling when they are ready, for the benchmark and the fault runs. */
final class Bots {
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static final long PROBE_WAIT_MILLIS = 20;

    private Bots() {
    }

    /** Afterglow as the tests run it: {@code app.afterglow.Main} from the test class path. */
    static List<String> afterglowFromClassPath() {
        return List.of("-cp", System.getProperty("java.class.path"), "app.afterglow.Main");
    }

    /**
     * Starts Afterglow ({@code launch}: a jar or a class path) against {@code standIn}, with its
     * data in {@code dataDir}, at any hour (no quiet hours), encryption on as always.
     */
    static ChildJvm afterglow(List<String> jvmOptions, List<String> launch, DiscordStandIn standIn, Path dataDir,
                              Path workDir, Path log) throws IOException {
        return afterglow(jvmOptions, launch, standIn, dataDir, workDir, log, DiscordConfig.DEFAULT_REQUESTS_PER_SECOND);
    }

    /** Like the above, the bot told that Discord takes {@code requestsPerSecond} of its requests a second. */
    static ChildJvm afterglow(List<String> jvmOptions, List<String> launch, DiscordStandIn standIn, Path dataDir,
                              Path workDir, Path log, int requestsPerSecond) throws IOException {
        Map<String, String> env = Map.of("AFTERGLOW_DISCORD_TOKEN", standIn.token(),
                "AFTERGLOW_DISCORD_REST_BASE_URL", standIn.restBaseUrl(),
                "AFTERGLOW_DISCORD_GATEWAY_URL", standIn.gatewayUrl(),
                "AFTERGLOW_DISCORD_REQUESTS_PER_SECOND", Integer.toString(requestsPerSecond),
                "AFTERGLOW_DATA_DIR", dataDir.toString(),
                // The load runs at any hour; quiet hours would hold the partner's first question back.
                "AFTERGLOW_DEFAULTS_QUIET_HOURS", "off");
        return ChildJvm.start(jvmOptions, launch, env, workDir, log);
    }

    /**
     * Starts the bare bot, or with {@code journal} the floor bot, against {@code standIn}: its
     * classes in {@code botsJar}, the libraries from Afterglow's jar (see {@link BareBotJar}).
     */
    static ChildJvm bare(List<String> jvmOptions, Path afterglowJar, Path botsJar, Optional<Path> journal,
                         DiscordStandIn standIn, Path workDir, Path log) throws IOException {
        return ChildJvm.start(jvmOptions, BareBotJar.launch(afterglowJar, botsJar, standIn.restBaseUrl(),
                standIn.gatewayUrl(), journal), Map.of("AFTERGLOW_DISCORD_TOKEN", standIn.token()), workDir, log);
    }

    /** A bot started against a stand-in, its output to {@code log}. */
    interface Starter {
        ChildJvm start(DiscordStandIn standIn, Path log) throws IOException;
    }

    /** Afterglow's {@code jar} on {@code dataDir}, told Discord takes {@code requestsPerSecond} of its requests. */
    static Starter afterglowStarter(List<String> jvmOptions, Path jar, Path dataDir, Path workDir,
                                    int requestsPerSecond) {
        return (standIn, log) -> afterglow(jvmOptions, List.of("-jar", jar.toAbsolutePath().toString()), standIn,
                dataDir, workDir, log, requestsPerSecond);
    }

    /** The bare bot, or with {@code journal} (made if missing) the floor bot; see {@link #bare}. */
    static Starter bareStarter(List<String> jvmOptions, Path afterglowJar, Path botsJar, Optional<Path> journal,
                               Path workDir) {
        return (standIn, log) -> {
            for (Path dir : journal.stream().toList()) {
                Files.createDirectories(dir);
            }
            return bare(jvmOptions, afterglowJar, botsJar, journal, standIn, workDir, log);
        };
    }

    /**
     * A timed start: milliseconds from the process start to its first answered probe, and the
     * processor time the process had used when that answer was seen, all of it and its JIT
     * compiler threads' part. A start on two processors is bound by them, so processor time tells
     * apart changes whose effect on the wall clock the machine's drift hides.
     */
    record Start(double readyMs, double cpuMs, double compilerMs) {
    }

    /** A start against a fresh stand-in, timed to the first answered probe; the bot is stopped after. */
    static Start timeStart(Starter starter, Path log) throws IOException, InterruptedException {
        try (DiscordStandIn standIn = DiscordStandIn.start()) {
            StandInUser prober = standIn.addUser("prober");
            standIn.addGuild("Home", "general");
            try (ChildJvm bot = starter.start(standIn, log)) {
                double ready = awaitReady(standIn, prober, bot);
                return new Start(ready, bot.cpuSeconds() * 1000, bot.compilerCpuSeconds() * 1000);
            }
        }
    }

    /**
     * Milliseconds from the process start to the first answered probe: {@code /help} in a DM,
     * sent every few milliseconds from the moment the bot has a gateway session.
     */
    static double awaitReady(DiscordStandIn standIn, StandInUser prober, ChildJvm bot) throws InterruptedException {
        Interactions probes = new Interactions();
        standIn.observe(probes);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        List<Long> sent = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (!bot.alive()) {
                throw new IllegalStateException("the bot ended while starting; see its log");
            }
            try {
                sent.add(standIn.slashCommand(standIn.dmChannel(prober), prober, "help").id());
            } catch (IllegalStateException noSessionYet) {
                Thread.sleep(PROBE_WAIT_MILLIS);
                continue;
            }
            try {
                probes.await(sent.get(sent.size() - 1), PROBE_WAIT_MILLIS);
            } catch (TimeoutException notYet) {
                continue;
            }
            long first = Long.MAX_VALUE;
            for (long probe : sent) {
                first = Math.min(first, probes.answeredAt(probe));
            }
            return (first - bot.startedNanos()) / 1e6;
        }
        throw new IllegalStateException("the bot answered no probe within " + READY_TIMEOUT_MILLIS + " ms");
    }
}
