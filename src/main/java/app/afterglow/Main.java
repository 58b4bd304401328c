package app.afterglow;

import app.afterglow.config.Config;
import app.afterglow.config.ConfigException;
import app.afterglow.config.ConfigLoader;
import app.afterglow.config.DiscordConfig;
import app.afterglow.config.MatrixConfig;
import app.afterglow.config.QuestionSetLoader;
import app.afterglow.config.Secret;
import app.afterglow.console.ConsoleChat;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CoreSettings;
import app.afterglow.core.model.Platform;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.discord.DiscordBot;
import app.afterglow.matrix.MatrixBot;
import app.afterglow.matrix.MatrixLoginException;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts Afterglow: reads the config, opens the data, and runs the configured platform (Matrix)
 * until stopped — or, with none configured, the console chat on standard input and output.
 */
@Command(name = "afterglow", mixinStandardHelpOptions = true, version = "Afterglow 0.1.0",
        description = "Private check-ins for couples. With no platform configured, runs the console chat: "
                + "type lines like  alice: /help")
public final class Main implements Callable<Integer> {
    /** Exit codes a host's service manager can tell apart. */
    static final int CONFIG_ERROR = 2;
    static final int STORAGE_ERROR = 3;
    static final int PLATFORM_ERROR = 4;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
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
        System.exit(new CommandLine(new Main(System.getenv(), out, err)).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config;
        QuestionCatalog catalog;
        try {
            config = ConfigLoader.load(configPath(), env);
            catalog = QuestionSetLoader.load(config.questions().file());
        } catch (ConfigException e) {
            err.println("afterglow: " + e.getMessage());
            return CONFIG_ERROR;
        }
        if (config.discord().isPresent() && config.matrix().isPresent()) {
            err.println("afterglow: both Discord and Matrix are configured, but one Afterglow runs one platform. "
                    + "Run a second Afterglow, with its own data directory, for the other one.");
            return CONFIG_ERROR;
        }
        SqliteStorage storage;
        try {
            storage = SqliteStorage.open(config.data().dir(), config.data().key().map(Secret::reveal));
        } catch (StorageException e) {
            err.println("afterglow: " + e.getMessage());
            return STORAGE_ERROR;
        }
        try (storage) {
            ShiftableClock clock = new ShiftableClock(Clock.systemUTC());
            CoreSettings settings = new CoreSettings(config.checkins().expiry(), config.checkins().reminder(),
                    config.checkins().followup(), config.defaults().timezone(), config.defaults().quietHours());
            Afterglow afterglow = new Afterglow(storage.stores(), catalog, settings, clock);
            if (config.discord().isPresent()) {
                return runDiscord(config.discord().get(), config.scheduler().tick(), afterglow, storage);
            }
            if (config.matrix().isPresent()) {
                return runMatrix(config.matrix().get(), config.scheduler().tick(), afterglow, storage);
            }
            if (System.console() != null) {
                out.println("[console] Afterglow console. Each line is NAME: TEXT, e.g.  alice: /partner invite bob");
                out.println("[console] /clock +25h lets time pass. Ctrl-D ends.");
            }
            new ConsoleChat(afterglow, clock, out).run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        return 0;
    }

    /**
     * Runs the Discord bot until the process is told to stop (its shutdown hook stops the bot,
     * the ticker and the storage, in that order) or Discord ends the connection for good.
     */
    private int runDiscord(DiscordConfig discord, Duration tick, Afterglow afterglow, SqliteStorage storage) {
        out.println("[discord] Logging in to Discord…");
        DiscordBot bot;
        try {
            bot = DiscordBot.start(discord, afterglow, invite -> out.println("[discord] Connected. To add the bot to your "
                    + "server, open this link and pick the server: " + invite));
        } catch (DiscordBot.StartFailure e) {
            err.println("afterglow: " + e.getMessage());
            return e.tokenRefused() ? CONFIG_ERROR : PLATFORM_ERROR;
        }
        Ticker ticker = new Ticker(afterglow);
        ticker.deliverTo(Platform.DISCORD, bot.messenger());
        ticker.start(tick);
        Runnable stop = () -> {
            ticker.close();
            bot.close();
            storage.close();
        };
        Thread hook = new Thread(stop, "afterglow-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Optional<String> ended = bot.awaitStop();
            if (ended.isEmpty()) {
                return 0;
            }
            err.println("afterglow: " + ended.get() + ". Nothing was lost; start again once that is fixed.");
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                stop.run();
            } catch (IllegalStateException shuttingDown) {
                // The process is already stopping, and the hook is doing just this.
            }
            return PLATFORM_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Runs Matrix until the process is stopped (a shutdown hook stops the bot and the ticker and
     * waits for the storage to close) or the homeserver refuses the login (exit code 2: the token
     * or password in the config is wrong). An unreachable homeserver is waited out, never an exit.
     * Closes {@code storage}.
     */
    private int runMatrix(MatrixConfig matrix, Duration tick, Afterglow afterglow, SqliteStorage storage)
            throws InterruptedException {
        MatrixBot bot = new MatrixBot(matrix, afterglow, storage.stores(), MatrixBot.Timing.DEFAULT);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            try {
                closed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "afterglow-shutdown"));
        try (storage; Ticker ticker = new Ticker(afterglow)) {
            bot.start();
            ticker.deliverTo(Platform.MATRIX, bot.messenger());
            ticker.start(tick);
            try {
                bot.awaitTermination();
            } finally {
                bot.close();
            }
            return 0;
        } catch (MatrixLoginException e) {
            err.println("afterglow: " + e.getMessage());
            return CONFIG_ERROR;
        } catch (IllegalStateException e) {
            err.println("afterglow: " + e.getMessage());
            return PLATFORM_ERROR;
        } finally {
            closed.countDown();
        }
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
}
