package app.afterglow.matrix;

import app.afterglow.core.util.Backoff;
import app.afterglow.config.MatrixConfig;
import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.store.AdapterState;
import app.afterglow.core.store.Transactions;
import app.afterglow.core.util.SafeLog;
import app.afterglow.matrix.e2ee.E2ee;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Afterglow on Matrix: logs in, then syncs on its own thread, handing what people say to the core
 * and having the outbox delivered after every batch, on a thread of its own ({@link Deliveries}).
 * Of the storage it is given only its own adapter state and the transactions that group its
 * writes; people's data it reaches through the core alone.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #awaitTermination()} blocks until it stops;
 * {@link #close()} stops it from any thread and waits for the sync and delivery threads to end, so
 * the storage may be closed after it. The homeserver being away never stops it: it waits and tries
 * again. It stops by itself only when the homeserver refuses its login, which
 * {@link #awaitTermination()} then throws.
 *
 * <p>Threading: the sync thread handles events one at a time while the delivery thread sends;
 * {@link #messenger()} may be used from another thread (the ticker) at the same time.
 */
public final class MatrixBot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixBot.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** Tries of one request before its failure goes back to the caller (the outbox retries later). */
    private static final int ATTEMPTS = 4;

    /**
     * How long things take.
     *
     * @param pollTimeout how long a sync waits for news before the homeserver answers empty
     * @param retryBase   the first wait before retrying a failed request; doubles each time
     * @param retryCap    the longest wait between retries of one request, and the longest 429
     *                    the bot sits out inline before leaving the retry to the outbox
     * @param outageCap   the longest wait between sync attempts while the homeserver is away
     * @param lateKeys    how long an encrypted message waits for its key before its sender is asked
     *                    to send it again
     */
    public record Timing(Duration pollTimeout, Duration retryBase, Duration retryCap, Duration outageCap,
                         Duration lateKeys) {
        /**
         * What a running bot uses: 30 s long polls, retries from half a second, outages retried at
         * least every minute, a minute's patience for late keys (checked after each sync).
         */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofMillis(500),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(1));

        public Timing {
            Objects.requireNonNull(pollTimeout, "pollTimeout");
            Objects.requireNonNull(retryBase, "retryBase");
            Objects.requireNonNull(retryCap, "retryCap");
            Objects.requireNonNull(outageCap, "outageCap");
            Objects.requireNonNull(lateKeys, "lateKeys");
        }
    }

    private final MatrixConfig config;
    private final Afterglow afterglow;
    private final Login login;
    private final SyncLoop loop;
    private final EventRouter router;
    private final MatrixMessenger messenger;
    private final Deliveries deliveries;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Running, or stopped before it ever was: what {@link #awaitRunning} waits for. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Thread thread;
    private volatile RuntimeException failure;

    public MatrixBot(MatrixConfig config, Afterglow afterglow, Transactions transactions, AdapterState adapterState,
                     Timing timing) {
        this.config = Objects.requireNonNull(config, "config");
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        Objects.requireNonNull(timing, "timing");
        SecureRandom random = new SecureRandom();
        String botUserId = config.userId();
        MatrixApi api = new MatrixApi(new MatrixClient(config.homeserver(),
                new Backoff(timing.retryBase(), timing.retryCap(), random), ATTEMPTS, timing.retryCap()), botUserId);
        Backoff outage = new Backoff(timing.retryBase(), timing.outageCap(), random);
        MatrixState state = new MatrixState(transactions, adapterState);
        Optional<E2ee> e2ee = config.encryption() == MatrixConfig.Encryption.OFF
                ? Optional.empty()
                : Optional.of(new E2ee(botUserId, api, adapterState, transactions, Clock.systemUTC()));
        RoomEncryption encryption = new RoomEncryption(config.encryption(), e2ee, api, state);
        RoomMembers members = new RoomMembers(api);
        RoomSender sender = new RoomSender(api, encryption, members);
        MessageContent content = new MessageContent();
        Gatekeeper gate = new Gatekeeper(config, state);
        Replies replies = new Replies(sender, content);
        DirectRooms dms = new DirectRooms(botUserId, api, state, replies, encryption);
        Profiles profiles = new Profiles(api);
        UnansweredSends unanswered = new UnansweredSends(afterglow::arrived);
        EncryptedRooms encrypted = new EncryptedRooms(api, state, dms, replies, encryption);
        MessageHandler messages = new MessageHandler(afterglow, gate, dms, profiles,
                new UserResolver(botUserId, gate, profiles), replies, state, encryption,
                new QuotedSteps(botUserId, api, state));
        this.router = new EventRouter(botUserId, api, gate, dms, messages, encrypted,
                new Invites(api, gate, dms, encrypted, encryption), profiles, new Backfill(api, botUserId), replies,
                encryption, new UnreadEvents(state, replies, Clock.systemUTC(), timing.lateKeys()), unanswered,
                members, new OnScreen(state));
        this.login = new Login(config, api, state, outage, device -> startEncryption(e2ee, device));
        this.messenger = new MatrixMessenger(gate, dms, sender, content, new Attachments(api, sender, state, content),
                state, unanswered);
        this.deliveries = new Deliveries(afterglow, messenger);
        this.loop = new SyncLoop(config.homeserver(), botUserId, api, state, router, login, outage, timing.pollTimeout(),
                this::afterBatch);
        this.thread = new Thread(this::run, "afterglow-matrix");
        // A bot someone forgot to close must not keep the JVM alive; Main waits on it explicitly.
        thread.setDaemon(true);
    }

    /** Starts logging in and syncing on the bot's own thread. */
    public synchronized void start() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("the Matrix bot was started already");
        }
        thread.start();
    }

    /**
     * Waits until the bot has logged in and finished its first sync; false if it stopped first or
     * that took longer than {@code timeout}.
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && running.getCount() == 0;
    }

    /**
     * Blocks until the bot stops.
     *
     * @throws MatrixLoginException  when it stopped because the homeserver refused its login
     * @throws IllegalStateException when it stopped after a failure it did not expect (see the log)
     */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Whether a delivery of the outbox is asked for or under way. With the sync waiting for news,
     * a bot that is not delivering has done all it was going to do with what it was sent.
     */
    public boolean delivering() {
        return deliveries.busy();
    }

    /** Delivers the outbox to people on Matrix; for the ticker's scheduled messages and retries. */
    public Messenger messenger() {
        return messenger;
    }

    /**
     * Stops syncing, then delivering, and waits (a few seconds each at most) for both threads to
     * end. Idempotent.
     */
    @Override
    public void close() {
        thread.interrupt();
        try {
            if (thread.getState() != Thread.State.NEW) {
                thread.join(STOP_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // After the sync thread, which asks for deliveries until it ends.
        deliveries.close();
    }

    private void run() {
        try {
            login.logIn();
            loop.run();
        } catch (InterruptedException e) {
            LOG.info("Matrix: stopped");
        } catch (MatrixLoginException e) {
            failure = e;
            LOG.error("Matrix: {}", e.getMessage());
        } catch (RuntimeException e) {
            failure = new IllegalStateException("the Matrix connection stopped after an unexpected failure; see the log");
            LOG.error("Matrix: stopped after an unexpected failure: {}", SafeLog.describe(e, MatrixException::codeOf));
        } finally {
            stopped.countDown();
            settled.countDown();
        }
    }

    private void startEncryption(Optional<E2ee> e2ee, String deviceId) throws InterruptedException {
        if (e2ee.isEmpty()) {
            return;
        }
        if (deviceId.isEmpty()) {
            throw new MatrixLoginException("The Matrix homeserver did not say which device the bot's access token is "
                    + "for, and end-to-end encryption needs it. Set matrix.device_id to that device, or log in with "
                    + "matrix.password instead.");
        }
        e2ee.get().start(deviceId);
        LOG.info("Matrix: end-to-end encryption {} on device {}, fingerprint {}",
                config.encryption().name().toLowerCase(Locale.ROOT), deviceId, e2ee.get().fingerprint());
    }

    private void afterBatch() {
        if (running.getCount() > 0) {
            LOG.info("Matrix: syncing as {} on {}", config.userId(), config.homeserver());
            running.countDown();
            settled.countDown();
        }
        deliveries.soon();
        try {
            router.askForUnread();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Matrix: could not ask about unread messages yet: {}", SafeLog.describe(e, MatrixException::codeOf));
        }
    }
}
