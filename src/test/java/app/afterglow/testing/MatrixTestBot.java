package app.afterglow.testing;

import app.afterglow.config.MatrixConfig;
import app.afterglow.config.Secret;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CoreSettings;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.Stores;
import app.afterglow.matrix.MatrixBot;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.testing.matrix.BotAccount;
import app.afterglow.testing.matrix.MatrixStandIn;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The real Matrix bot — core, SQLite storage with encryption, and the adapter — against a
 * {@link MatrixStandIn}, with a clock the test moves. {@link #restart()} closes the bot and the
 * storage and opens both again on the same files, as a process restart would. Time-outs are short,
 * so a test waits seconds, not minutes.
 */
public final class MatrixTestBot implements AutoCloseable {
    public static final String BOT = "@afterglow:local";
    public static final String BOT_PASSWORD = "bot-password";
    /** Short polls and retries, so faults and restarts cost a test little time. */
    public static final MatrixBot.Timing FAST = new MatrixBot.Timing(Duration.ofSeconds(2), Duration.ofMillis(20),
            Duration.ofMillis(400), Duration.ofMillis(300), Duration.ofSeconds(1));
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path dir;
    private final MatrixConfig config;
    private final ShiftableClock clock;
    private final CoreSettings settings;
    private SqliteStorage storage;
    private Afterglow afterglow;
    private MatrixBot bot;
    private boolean open;

    /** The default settings without quiet hours, so a scheduled message arrives the moment it is due. */
    public MatrixTestBot(Path dir, MatrixConfig config) {
        this(dir, config, CoreSettings.defaults().withoutQuietHours(), TestBot.START);
    }

    /** A bot with its own settings (quiet hours, say) and a clock that starts at {@code start}. */
    public MatrixTestBot(Path dir, MatrixConfig config, CoreSettings settings, Instant start) {
        this.dir = dir;
        this.config = config;
        this.settings = settings;
        this.clock = new ShiftableClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** A config for the stand-in's bot account with its ready access token, allowing {@code allowed}; no encryption. */
    public static MatrixConfig config(MatrixStandIn standIn, BotAccount account, List<String> allowed) {
        return config(standIn, account, allowed, MatrixConfig.Encryption.OFF);
    }

    /** A config for the stand-in's bot account with its ready access token, in {@code encryption} mode. */
    public static MatrixConfig config(MatrixStandIn standIn, BotAccount account, List<String> allowed,
                                      MatrixConfig.Encryption encryption) {
        return new MatrixConfig(standIn.baseUri(), account.userId(), Optional.of(Secret.of(account.accessToken())),
                Optional.empty(), allowed, Optional.empty(), encryption);
    }

    /** A config that logs in with the bot account's password. */
    public static MatrixConfig passwordConfig(MatrixStandIn standIn, BotAccount account, List<String> allowed) {
        return new MatrixConfig(standIn.baseUri(), account.userId(), Optional.empty(),
                Optional.of(Secret.of(account.password())), allowed, Optional.empty(), MatrixConfig.Encryption.OFF);
    }

    /** Opens the storage and starts the bot; returns once it has finished its first sync. */
    public MatrixTestBot start() throws InterruptedException {
        storage = SqliteStorage.open(dir, Optional.empty());
        Stores stores = storage.stores();
        afterglow = new Afterglow(stores, TestBot.catalog(), settings, clock);
        bot = new MatrixBot(config, afterglow, stores.transactions(), stores.adapterState(), FAST);
        open = true;
        bot.start();
        if (!bot.awaitRunning(STARTUP)) {
            throw new AssertionError("the Matrix bot did not finish its first sync within " + STARTUP);
        }
        return this;
    }

    /** Stops the bot and closes the storage, like a process that ends. */
    public void stop() {
        open = false;
        bot.close();
        storage.close();
    }

    /**
     * Stops like a crash right after a batch was handled but before its sync position was stored:
     * the position is put back to {@code earlier}, so the next start syncs that batch again.
     */
    public void crashBeforeStoringSync(String earlier) {
        open = false;
        bot.close();
        storage.stores().transactions().run(() -> storage.stores().adapterState().put("matrix", "next_batch", earlier));
        storage.close();
    }

    /** The sync position the bot has stored. */
    public String syncPosition() {
        return storage.stores().transactions().inTransaction(() -> storage.stores().adapterState().get("matrix", "next_batch"))
                .orElseThrow(() -> new AssertionError("no sync position stored"));
    }

    public void restart() throws InterruptedException {
        stop();
        start();
    }

    /** Lets time pass, then does what the ticker would: runs due jobs and delivers what they sent. */
    public void advance(Duration by) {
        clock.advance(by);
        afterglow.runDueJobs();
        afterglow.deliver(Platform.MATRIX, bot.messenger());
    }

    /**
     * Has {@code standIn} count this bot as busy while it delivers: it sends from a thread of its
     * own, so a parked sync does not mean it is done.
     */
    public MatrixTestBot busyFor(MatrixStandIn standIn) {
        standIn.busyWhile(BOT, () -> open && bot.delivering());
        return this;
    }

    /** The running adapter itself. */
    public MatrixBot bot() {
        return bot;
    }

    /** The stores of the running bot, for a test that looks at or changes what the adapter kept. */
    public Stores stores() {
        return storage.stores();
    }

    public Path dir() {
        return dir;
    }

    /** Stops the bot if it is running, so a test may stop it itself and still leave the closing to its set-up. */
    @Override
    public void close() {
        if (open) {
            stop();
        }
    }
}
