package app.afterglow.testing;

import app.afterglow.config.MatrixConfig;
import app.afterglow.core.CoreSettings;
import app.afterglow.testing.matrix.BotAccount;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Matrix tests' set-up, as a JUnit extension on a {@code @RegisterExtension} field: before
 * each test a fresh {@link MatrixStandIn} with the bot's account, Alice ({@code @alice:local})
 * and Bob ({@code @bob:local}) registered, and a {@link MatrixTestBot} on a directory of its own;
 * after it, every bot it handed out is stopped, the stand-in closed and the directory deleted.
 * The bot is started before the test, or left for the test to start ({@link #unstarted()}), and
 * a test may build others on the same files with another config or clock. One instance per test
 * class, used from the test thread.
 */
public final class MatrixPair implements BeforeEachCallback, AfterEachCallback {
    private final boolean startBot;
    private List<String> allowed = List.of("*:local");
    private String aliceName = "Alice";
    private MatrixConfig.Encryption encryption = MatrixConfig.Encryption.OFF;
    private final List<MatrixTestBot> bots = new ArrayList<>();
    private Path dir;
    private MatrixStandIn standIn;
    private BotAccount account;
    private SimulatedUser alice;
    private SimulatedUser bob;
    private MatrixTestBot bot;

    private MatrixPair(boolean startBot) {
        this.startBot = startBot;
    }

    /** The bot has finished its first sync when the test begins. */
    public static MatrixPair started() {
        return new MatrixPair(true);
    }

    /** The bot is built but not started: the test starts it when it has set the scene. */
    public static MatrixPair unstarted() {
        return new MatrixPair(false);
    }

    /** The people the bot talks with, as in {@code matrix.allowed_users}; everyone on {@code :local} unless set. */
    public MatrixPair allowing(String... userIds) {
        this.allowed = List.of(userIds);
        return this;
    }

    /** Alice's display name, for a test of what the bot makes of a hostile one. */
    public MatrixPair aliceShownAs(String displayName) {
        this.aliceName = Objects.requireNonNull(displayName, "displayName");
        return this;
    }

    /** The bot's {@code matrix.encryption} mode; off unless set, as the plaintext tests were written for. */
    public MatrixPair encryption(MatrixConfig.Encryption mode) {
        this.encryption = Objects.requireNonNull(mode, "mode");
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws InterruptedException {
        dir = ScratchDir.create("afterglow-matrix");
        standIn = MatrixStandIn.launch();
        account = standIn.botAccount(MatrixTestBot.BOT, MatrixTestBot.BOT_PASSWORD);
        alice = standIn.register("@alice:local", aliceName);
        bob = standIn.register("@bob:local", "Bob");
        bot = bot(config());
        if (startBot) {
            bot.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            bots.forEach(MatrixTestBot::close);
            bots.clear();
            if (standIn != null) {
                standIn.close();
            }
        } finally {
            ScratchDir.delete(dir);
        }
    }

    /** The bot built before the test, on the token config allowing the pair. */
    public MatrixTestBot bot() {
        return bot;
    }

    /** Another bot, not started, on the same files, logging in with {@code config}; stopped after the test. */
    public MatrixTestBot bot(MatrixConfig config) {
        return keep(new MatrixTestBot(dir, config));
    }

    /** Another bot, not started, on the same files, with its own settings and clock; stopped after the test. */
    public MatrixTestBot bot(CoreSettings settings, Instant start) {
        return keep(new MatrixTestBot(dir, config(), settings, start));
    }

    /** The bot account's config with its ready access token. */
    public MatrixConfig config() {
        return MatrixTestBot.config(standIn, account, allowed, encryption);
    }

    /** The bot account's config that logs in with its password. */
    public MatrixConfig passwordConfig() {
        return MatrixTestBot.passwordConfig(standIn, account, allowed);
    }

    public MatrixStandIn standIn() {
        return standIn;
    }

    public BotAccount account() {
        return account;
    }

    public SimulatedUser alice() {
        return alice;
    }

    public SimulatedUser bob() {
        return bob;
    }

    /** The directory every bot of this test keeps its files in. */
    public Path dir() {
        return dir;
    }

    private MatrixTestBot keep(MatrixTestBot made) {
        bots.add(made);
        return made.busyFor(standIn);
    }
}
