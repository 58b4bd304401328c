package app.afterglow;

import app.afterglow.config.Config;
import app.afterglow.config.ConfigException;
import app.afterglow.config.ConfigLoader;
import app.afterglow.config.QuestionSetLoader;
import app.afterglow.config.Secret;
import app.afterglow.console.ConsoleChat;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.storage.Backup;
import app.afterglow.storage.DataDirCheck;
import app.afterglow.storage.DataDirLock;
import app.afterglow.storage.Heartbeat;
import app.afterglow.storage.KeyRotation;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Starts Afterglow: reads the config, opens the data, and runs until stopped whichever platforms
 * are configured — Discord, Matrix or both, in one process over one core (see
 * {@code PlatformRunner}) — or, with neither configured, the console chat on standard input and
 * output. Discord logs in while the data opens, so the two overlap.
 */
@Command(name = "afterglow", mixinStandardHelpOptions = true, version = "Afterglow 0.1.0", scope = CommandLine.ScopeType.INHERIT,
        description = "Private check-ins for couples. With no platform configured, runs the console chat: "
                + "type lines like  alice: /help")
public final class Main implements Callable<Integer> {
    /** Far longer than unpacking SQLite takes; only bounds an exit that is already under way. */
    private static final Duration PRELOAD_WAIT = Duration.ofSeconds(10);
    /** Exit codes a host's service manager can tell apart. */
    static final int CONFIG_ERROR = 2;
    static final int STORAGE_ERROR = 3;
    static final int PLATFORM_ERROR = 4;
    /** What {@code health} exits with for every problem: Docker reserves any other non-zero status. */
    static final int UNHEALTHY = 1;
    private static final Duration MIN_STALE = Duration.ofMinutes(2);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "YAML config file. Default: $AFTERGLOW_CONFIG, else ./config.yaml if it exists.")
    private Path configFile;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Main main = new Main(System.getenv(), out, err);
        // A start with no arguments, as a service or a container usually makes, has nothing to
        // parse: picocli's set-up (its classes and the annotations read) took about 0.15 s of the
        // two cores before Discord could begin to log in.
        System.exit(args.length == 0 ? main.runAsIs() : new CommandLine(main).execute(args));
    }

    /** {@link #call()} as picocli runs it: what it throws is printed, and the exit code is 1. */
    private int runAsIs() {
        try {
            return call();
        } catch (Exception e) {
            e.printStackTrace(err);
            return 1;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config;
        try {
            config = ConfigLoader.load(configPath(), env);
        } catch (ConfigException e) {
            err.println("afterglow: " + e.getMessage());
            return CONFIG_ERROR;
        }
        // Before any logger exists: slf4j-simple reads the level once, when the first one is made,
        // and SQLite's loader below makes some.
        Logging.apply(config.log());
        // Absolute, so that every message and log line names the directory a host can go and look at.
        Path dataDir = config.data().dir().toAbsolutePath().normalize();
        // Checked first, as SQLite's library is kept in it.
        try {
            DataDirCheck.prepare(dataDir);
        } catch (StorageException e) {
            err.println("afterglow: " + e.explanation());
            return STORAGE_ERROR;
        }
        // Loading SQLite overlaps what follows, on a second core.
        Thread sqlite = new Thread(() -> SqliteStorage.preload(dataDir), "afterglow-sqlite-preload");
        sqlite.setDaemon(true);
        sqlite.start();
        // The Discord bot is made meanwhile, on a core of its own: JDA's classes, its client. It
        // connects only once the lock below is held.
        CompletableFuture<Afterglow> core = new CompletableFuture<>();
        Optional<DiscordLogin> discord = config.discord().map(d -> DiscordLogin.prepare(d, core, out));
        StartupCheck startup = new StartupCheck(config, configPath(), env);
        startup.announce();
        // Locked before Discord logs in, so a second copy never even connects, and before standard
        // input is read, which may wait.
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dataDir);
        } catch (StorageException e) {
            discord.ifPresent(DiscordLogin::close);
            err.println("afterglow: " + e.explanation());
            return settled(sqlite, STORAGE_ERROR);
        }
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (startup.consoleOnly() && System.console() == null && StartupCheck.endsAtOnce(input)) {
            err.println("afterglow: " + startup.nothingToRun());
            lock.close();
            return settled(sqlite, CONFIG_ERROR);
        }
        // Discord logs in while the question sets are read and the storage opens: JDA's start is
        // the longest part of being ready, so it begins as soon as the lock is held. Interactions
        // arriving before the core is ready wait for it, acknowledged as any slow answer is.
        discord.ifPresent(DiscordLogin::connect);
        try {
            QuestionCatalog catalog;
            try {
                catalog = QuestionSetLoader.load(config.questions().file());
            } catch (ConfigException e) {
                err.println("afterglow: " + e.getMessage());
                return settled(sqlite, CONFIG_ERROR);
            }
            SqliteStorage storage;
            try {
                storage = SqliteStorage.open(dataDir, config.data().key().map(Secret::reveal));
            } catch (StorageException e) {
                err.println("afterglow: " + e.explanation());
                return STORAGE_ERROR;
            }
            try (storage) {
                ShiftableClock clock = new ShiftableClock(Clock.systemUTC());
                Afterglow afterglow = new Afterglow(storage.stores(), catalog, config.coreSettings(), clock);
                core.complete(afterglow);
                if (config.discord().isPresent() || config.matrix().isPresent()) {
                    return new PlatformRunner(config, dataDir, afterglow, storage, discord, out, err).run();
                }
                if (System.console() != null) {
                    out.println("[console] Afterglow console. Each line is NAME: TEXT, e.g.  alice: /partner invite bob");
                    out.println("[console] /clock +25h lets time pass. Ctrl-D ends.");
                }
                new ConsoleChat(afterglow, clock, out).run(input);
            }
        } finally {
            // However the core failed to start, a bot already logging in must not wait for it
            // forever, nor keep the process alive.
            if (core.completeExceptionally(new IllegalStateException("Afterglow did not start"))) {
                discord.ifPresent(DiscordLogin::close);
            }
            // Here, not earlier: the lock must stay reachable until the end, or a collected
            // channel could release it while the process still runs.
            lock.close();
        }
        return 0;
    }

    /**
     * {@code afterglow health}: for a container's or a monitor's health check. Reads the same
     * config as a start, to find the data dir and the tick; opens nothing and changes nothing.
     */
    @Command(name = "health", description = "Exits 0 if the Afterglow running on the configured data dir has "
            + "made progress recently; otherwise says why in one line and exits 1.")
    int health() {
        Config config;
        try {
            config = ConfigLoader.load(configPath(), env);
        } catch (ConfigException e) {
            err.println("afterglow health: " + e.getMessage());
            return UNHEALTHY;
        }
        Path dataDir = config.data().dir().toAbsolutePath().normalize();
        Duration tick = config.scheduler().tick();
        // Several ticks, and never less than two minutes: a tick waits for slow deliveries.
        Duration maxAge = tick.multipliedBy(3).compareTo(MIN_STALE) > 0 ? tick.multipliedBy(3) : MIN_STALE;
        Optional<String> problem = Heartbeat.check(dataDir, maxAge, Clock.systemUTC());
        problem.ifPresentOrElse(p -> err.println("afterglow health: " + p),
                () -> out.println("afterglow health: running on " + dataDir + ", progress within " + maxAge.toSeconds() + " s"));
        return problem.isPresent() ? UNHEALTHY : 0;
    }

    /**
     * {@code afterglow backup FILE}: a consistent copy of the database, made beside a running bot
     * without taking its lock; see {@link Backup}. Exits 0, 2 for a config problem, 3 for a data
     * problem (no database, FILE exists without {@code --force}, a copy that cannot be written).
     */
    @Command(name = "backup", description = "Writes a consistent copy of the database to FILE, while the bot runs "
            + "or not. The copy stays encrypted: keep the data key backed up separately.")
    int backup(@Parameters(paramLabel = "FILE", description = "Where to write the copy.") Path file,
               @Option(names = "--force", description = "Replace FILE if it already exists.") boolean force) {
        Config config;
        try {
            config = ConfigLoader.load(configPath(), env);
        } catch (ConfigException e) {
            err.println("afterglow backup: " + e.getMessage());
            return CONFIG_ERROR;
        }
        Path dataDir = config.data().dir().toAbsolutePath().normalize();
        Backup.Written written;
        try {
            written = Backup.to(dataDir, file, force);
        } catch (StorageException e) {
            err.println("afterglow backup: " + e.explanation());
            return STORAGE_ERROR;
        }
        String key = config.data().key().isPresent() ? "the data key you give it (AFTERGLOW_DATA_KEY or data.key)"
                : "the key file " + SqliteStorage.keyFile(dataDir);
        out.println("afterglow backup: wrote " + written.file() + " (" + Math.max(1, written.bytes() / 1024)
                + " KiB, schema version " + written.schemaVersion() + ") from " + dataDir + ".");
        out.println("afterglow backup: it is still encrypted; reading it needs " + key
                + ", which is not in the backup: keep that backed up too, somewhere else.");
        return 0;
    }

    /**
     * {@code afterglow rotate-key}: every sealed value re-sealed under a new data key; see
     * {@link KeyRotation}. A key file gets the new key; a key given by variable or config is
     * printed, to be given from then on. Exits 0, 2 for a config problem, 3 for a data problem (a
     * bot running on the data dir, no database, a key that does not open it).
     */
    @Command(name = "rotate-key", description = "Re-encrypts everything under a new data key. Stop the bot first. "
            + "With a key file, the new key replaces it; with AFTERGLOW_DATA_KEY, the new key is printed for you to "
            + "put there. If interrupted, run it again with the old key to finish.")
    int rotateKey() {
        Config config;
        try {
            config = ConfigLoader.load(configPath(), env);
        } catch (ConfigException e) {
            err.println("afterglow rotate-key: " + e.getMessage());
            return CONFIG_ERROR;
        }
        Path dataDir = config.data().dir().toAbsolutePath().normalize();
        KeyRotation.Progress progress = new KeyRotation.Progress() {
            @Override
            public void newKeyToGive(String base64Key) {
                out.println("afterglow rotate-key: the new data key, to give Afterglow from now on in place of the"
                        + " old one (AFTERGLOW_DATA_KEY, or data.key in the config):");
                out.println(base64Key);
            }

            @Override
            public void resealed(long values) {
                out.println("afterglow rotate-key: " + values + " encrypted values gone through");
            }
        };
        KeyRotation.Rotated rotated;
        try {
            rotated = KeyRotation.rotate(dataDir, config.data().key().map(Secret::reveal), progress);
        } catch (StorageException e) {
            err.println("afterglow rotate-key: " + e.explanation());
            return STORAGE_ERROR;
        }
        out.println("afterglow rotate-key: done; " + dataDir + " is encrypted with the new key only, and the old key"
                + " opens nothing in it.");
        rotated.keyFile().ifPresent(file -> out.println("afterglow rotate-key: the new key is in " + file
                + ": back it up again, in place of the old one."));
        rotated.newKeyToGive().ifPresent(key -> out.println("afterglow rotate-key: set AFTERGLOW_DATA_KEY (or data.key)"
                + " to the new key printed above before starting the bot; with the old one it will not start."));
        return 0;
    }

    private Optional<Path> configPath() {
        if (configFile != null) {
            return Optional.of(configFile);
        }
        String fromEnv = env.get("AFTERGLOW_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        Path local = Path.of("config.yaml");
        return Files.exists(local) ? Optional.of(local) : Optional.empty();
    }

    /**
     * {@code code}, once SQLite's loader is done: exiting while it still unpacks its native library
     * races the library's own clean-up at exit, which then prints a stack trace over our message.
     */
    private static int settled(Thread preload, int code) {
        try {
            preload.join(PRELOAD_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return code;
    }
}
