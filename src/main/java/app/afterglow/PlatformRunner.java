package app.afterglow;

import app.afterglow.config.Config;
import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.Stores;
import app.afterglow.discord.DiscordBot;
import app.afterglow.matrix.MatrixBot;
import app.afterglow.matrix.MatrixLoginException;
import app.afterglow.storage.Heartbeat;
import app.afterglow.storage.SqliteStorage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs the configured platforms — Discord, Matrix, or both — in this process, over one core and
 * one storage, until the process is told to stop or a platform ends for good. Stopping is done
 * once, in order: the ticker, the platforms, then the storage.
 */
final class PlatformRunner {
    /** How a platform ended: the exit code it asks for and what to tell the host. */
    private record End(int exitCode, Optional<String> message) {
        static final End NORMAL = new End(0, Optional.empty());
    }

    private final Config config;
    private final Afterglow afterglow;
    private final SqliteStorage storage;
    private final Optional<DiscordLogin> discord;
    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;
    private final List<AutoCloseable> bots = new ArrayList<>();
    private final CompletableFuture<End> firstEnd = new CompletableFuture<>();
    private boolean stopped;

    /**
     * @param dataDir where the storage is, and the heartbeat goes
     * @param discord the Discord bot, logging in already (see {@code Main}), when Discord is configured
     */
    PlatformRunner(Config config, Path dataDir, Afterglow afterglow, SqliteStorage storage, Optional<DiscordLogin> discord,
                   PrintStream out, PrintStream err) {
        this.config = Objects.requireNonNull(config, "config");
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.discord = Objects.requireNonNull(discord, "discord");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.ticker = new Ticker(afterglow, new Heartbeat(dataDir, Clock.systemUTC()));
    }

    /**
     * Runs until SIGTERM or SIGINT (then returns 0, see {@link StopSignals}) or until a platform
     * ends for good; returns the process's exit code. Closes the storage. Discord may still be
     * retrying its login meanwhile; the other platforms do not wait for it.
     */
    int run() throws InterruptedException {
        StopSignals.onStop(() -> firstEnd.complete(End.NORMAL));
        // For the ends the signals above do not cover (SIGHUP, say): stop in order all the same.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "afterglow-shutdown"));
        discord.ifPresent(login -> login.bot().whenComplete((bot, failure) -> {
            if (failure == null) {
                started(Platform.DISCORD, bot, bot.messenger(), () -> bot.awaitStop()
                        .map(reason -> new End(Main.PLATFORM_ERROR, Optional.of(reason + ". Nothing was lost; start again once that is fixed.")))
                        .orElse(End.NORMAL));
            } else if (failure instanceof DiscordBot.TokenRefused refused) {
                firstEnd.complete(new End(Main.CONFIG_ERROR, Optional.of(refused.getMessage())));
            } else if (!(failure instanceof InterruptedException)) {
                firstEnd.complete(new End(Main.PLATFORM_ERROR, Optional.of("Discord could not be started; see the log")));
            }
        }));
        if (config.matrix().isPresent()) {
            Stores stores = storage.stores();
            MatrixBot bot = new MatrixBot(config.matrix().get(), afterglow, stores.transactions(), stores.adapterState(),
                    MatrixBot.Timing.DEFAULT);
            bot.start();
            started(Platform.MATRIX, bot, bot.messenger(), () -> {
                try {
                    bot.awaitTermination();
                    return End.NORMAL;
                } catch (MatrixLoginException e) {
                    return new End(Main.CONFIG_ERROR, Optional.of(e.getMessage()));
                } catch (IllegalStateException e) {
                    return new End(Main.PLATFORM_ERROR, Optional.of(e.getMessage()));
                }
            });
        }
        ticker.start(config.scheduler().tick());
        End end;
        try {
            end = firstEnd.get();
        } catch (ExecutionException e) {
            end = new End(Main.PLATFORM_ERROR, Optional.of("a platform stopped unexpectedly; see the log"));
        }
        return fail(end);
    }

    private interface Watch {
        End awaitEnd() throws InterruptedException;
    }

    /** Takes a platform that started into the run; one that got in after the stop is closed at once. */
    private void started(Platform platform, AutoCloseable bot, Messenger messenger, Watch watch) {
        synchronized (this) {
            if (stopped) {
                closeBot(bot);
                return;
            }
            bots.add(bot);
        }
        ticker.deliverTo(platform, messenger);
        Thread watcher = new Thread(() -> {
            try {
                firstEnd.complete(watch.awaitEnd());
            } catch (InterruptedException e) {
                firstEnd.complete(End.NORMAL);
            }
        }, "afterglow-watch-" + platform.name().toLowerCase(Locale.ROOT));
        watcher.setDaemon(true);
        watcher.start();
    }

    private int fail(End end) {
        stop();
        end.message().ifPresent(m -> err.println("afterglow: " + m));
        return end.exitCode();
    }

    /** Stops everything once, in order; safe to call from the shutdown hook and from {@link #run}. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        ticker.close();
        discord.ifPresent(DiscordLogin::giveUp);
        bots.forEach(this::closeBot);
        storage.close();
    }

    private void closeBot(AutoCloseable bot) {
        try {
            bot.close();
        } catch (Exception e) {
            err.println("afterglow: a platform did not stop cleanly: " + e.getClass().getSimpleName());
        }
    }
}
