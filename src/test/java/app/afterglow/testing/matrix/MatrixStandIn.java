package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * A Matrix homeserver stand-in for the adapter's tests: the client-server API v3 subset the bot
 * uses (login, whoami, sync with long-polling, rooms, membership, sending, state, account data,
 * room history pages, media uploads, and for end-to-end encryption device keys and to-device
 * messages), served on 127.0.0.1 from memory. Room and user ids live
 * on the server name {@code local}.
 *
 * <p>Lifecycle: {@link #launch()} binds and starts; {@link #stop()} closes the port and drops
 * every open connection, parked syncs included, but keeps all state; {@link #start()} serves the
 * same state on the same port again (a homeserver outage, or the bot restarting against it).
 * {@link #close()} stops. Worker threads are daemons, so a stand-in left open cannot hang the JVM.
 *
 * <p>Threading: every method is thread-safe. The bot talks to it over HTTP from its own threads
 * while the test drives {@link SimulatedUser}s and reads the {@link #requests() request log}.
 * No method waits unboundedly: a sync parks for at most {@link SyncEndpoint#MAX_WAIT}.
 */
public final class MatrixStandIn implements AutoCloseable {
    /** How long a 429 asks the client to wait unless the test says otherwise. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMillis(200);

    private final Clock clock;
    private final HomeserverState state;
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog log = new RequestLog();
    private final ClientApi api;
    private int port;
    private HttpServer server;
    private ExecutorService workers;
    private final List<E2eeDevice> enrolled = new ArrayList<>();

    private MatrixStandIn(int port, Clock clock) {
        this.port = port;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = new HomeserverState(clock);
        this.api = new ClientApi(state, faults, log);
    }

    /** Starts on a free port with the system clock. */
    public static MatrixStandIn launch() {
        return launch(0, Clock.systemUTC());
    }

    /**
     * Starts on {@code port} (0 for a free one); {@code clock} stamps {@code origin_server_ts}.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MatrixStandIn launch(int port, Clock clock) {
        MatrixStandIn standIn = new MatrixStandIn(port, clock);
        standIn.start();
        return standIn;
    }

    /**
     * Serves again on the port of the first start, with all state kept.
     *
     * @throws IllegalStateException when already running
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Already running on port " + port);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind 127.0.0.1:" + port, e);
        }
        port = server.getAddress().getPort();
        workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "matrix-standin-" + port);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", api);
        server.start();
    }

    /**
     * Closes the port and every connection at once; parked syncs end without an answer, as they
     * would if the homeserver went down. State, faults and the request log are kept. Does nothing
     * when already stopped. Returns within a few seconds at most.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        workers = null;
    }

    /** Stops, and ends the libolm process of every device {@link #enroll enrolled} here. */
    @Override
    public void close() {
        stop();
        List<E2eeDevice> devices;
        synchronized (this) {
            devices = List.copyOf(enrolled);
            enrolled.clear();
        }
        devices.forEach(E2eeDevice::close);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized int port() {
        return port;
    }

    /** The homeserver base URL, e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Registers a person without a password (they act through the handle, never over HTTP). */
    public SimulatedUser register(String userId, String displayName) {
        state.register(userId, Objects.requireNonNull(displayName, "displayName"), null);
        return user(userId);
    }

    /**
     * Registers the bot's account and opens one session for it, so a test can hand the adapter
     * either the password (to exercise login; use the full user id) or the ready access token.
     */
    public BotAccount botAccount(String userId, String password) {
        state.register(userId, null, Objects.requireNonNull(password, "password"));
        Session session = state.openSession(userId, null);
        return new BotAccount(userId, password, session.accessToken(), session.deviceId());
    }

    /**
     * Gives registered person {@code userId} an encrypting device {@code deviceId} whose crypto is
     * libolm (see {@link E2eeDevice}) and publishes its keys; call again for a second device. The
     * device lives until it or this stand-in is closed.
     *
     * @throws IllegalArgumentException for an unknown user id
     * @throws IllegalStateException when {@code /usr/bin/python3} cannot import olm
     */
    public E2eeDevice enroll(String userId, String deviceId) {
        user(userId);
        E2eeDevice device = E2eeDevice.enroll(state, clock, userId, Objects.requireNonNull(deviceId, "deviceId"));
        synchronized (this) {
            enrolled.add(device);
        }
        return device;
    }

    /**
     * A handle acting as any registered account, the bot's included (e.g. to put the bot in a
     * room before its first sync, when seeding history).
     *
     * @throws IllegalArgumentException for an unknown user id
     */
    public SimulatedUser user(String userId) {
        state.account(userId).orElseThrow(() -> new IllegalArgumentException("Not registered: " + userId));
        return new SimulatedUser(state, clock, userId);
    }

    /** The next {@code count} HTTP requests, whatever their path, fail with {@code status} and do nothing. */
    public void failNext(int count, int status) {
        failNext(count, status, "");
    }

    /**
     * The next {@code count} requests whose decoded path contains a match for {@code pathRegex}
     * (e.g. {@code "/send/"}) fail with {@code status} and do nothing. A 429 carries
     * {@code M_LIMIT_EXCEEDED}, {@code retry_after_ms} of {@link #DEFAULT_RETRY_AFTER} and a
     * {@code Retry-After} header in whole seconds, rounded up; any other status carries {@code M_UNKNOWN}.
     */
    public void failNext(int count, int status, String pathRegex) {
        failNext(count, status, pathRegex, DEFAULT_RETRY_AFTER);
    }

    /** As {@link #failNext(int, int, String)}, with a 429's wait set to {@code retryAfter}. */
    public void failNext(int count, int status, String pathRegex, Duration retryAfter) {
        faults.add(count, status, pathRegex, FaultInjector.Phase.INSTEAD_OF_HANDLING, retryAfter);
    }

    /**
     * The next {@code count} matching requests take effect but answer {@code status}: a lost
     * response, after which a retry with the same transaction id must not post twice.
     */
    public void failNextAfterHandling(int count, int status, String pathRegex) {
        faults.add(count, status, pathRegex, FaultInjector.Phase.AFTER_HANDLING, DEFAULT_RETRY_AFTER);
    }

    /**
     * From now on a sync's timeline of a room holds at most its latest {@code events}, whatever the
     * client's filter asks (a homeserver may send fewer), flagged {@code limited} when more
     * happened: with a small number most syncs leave a gap that the client fills by paging back.
     */
    public void timelineLimit(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("A timeline holds at least one event: " + events);
        }
        state.timelineLimit(events);
    }

    /**
     * From now on, requests whose decoded path contains a match for {@code pathRegex} (e.g.
     * {@code "/send/"}) take effect at once and are answered only after {@code delay}, as a
     * homeserver far away answers; the others are answered at once.
     */
    public void answerLate(String pathRegex, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Negative delay: " + delay);
        }
        api.answerLate(Pattern.compile(pathRegex), delay);
    }

    /** How many queued failures have not yet been met by a request. */
    public int failuresPending() {
        return faults.pending();
    }

    /** Every HTTP request answered so far, across restarts, in the order answered. */
    public List<RecordedRequest> requests() {
        return log.all();
    }

    /** How many {@code method} requests had a decoded path containing a match for {@code pathRegex}. */
    public long requestCount(String method, String pathRegex) {
        return log.count(method, pathRegex);
    }

    /**
     * Counts {@code busy} among the signs that {@code userId}'s client still has work, for
     * {@link #awaitCaughtUp}: a bot that sends from a thread of its own is not done while its sync
     * is parked.
     */
    public void busyWhile(String userId, BooleanSupplier busy) {
        state.busyWhile(userId, busy);
    }

    /**
     * Waits, at most {@code timeout}, until a sync of {@code userId} is parked with nothing new and
     * none of its {@link #busyWhile} checks holds: that client has handled everything it was sent
     * and finished what it does after.
     *
     * @throws AssertionError when it does not come to rest in time
     */
    public void awaitCaughtUp(String userId, Duration timeout) throws InterruptedException {
        if (!state.awaitCaughtUp(userId, System.nanoTime() + timeout.toNanos())) {
            throw new AssertionError(userId + " was still busy after " + timeout);
        }
    }

    /** Every event of a room as a client sees it (with {@code room_id}), oldest first. */
    public List<JsonNode> timeline(String roomId) {
        return state.timeline(roomId).stream().map(e -> (JsonNode) e.toClientJson(true, null)).toList();
    }

    /**
     * Every event of every room as stored (with {@code room_id}), in stream order: for asserting
     * what the homeserver could read, e.g. that no {@code m.room.message} reached an encrypted
     * room or that a text appears in no raw body.
     */
    public List<JsonNode> allRoomEventsJson() {
        return state.allRoomEvents().stream().map(e -> (JsonNode) e.toClientJson(true, null)).toList();
    }

    /**
     * Every to-device message ever delivered, one entry per recipient device, oldest first, as
     * {@code {type, sender, sender_device, recipient, recipient_device, content}}; delivered ones
     * stay here after the device has acknowledged them.
     */
    public List<JsonNode> toDeviceJson() {
        return state.toDeviceLog().stream().map(JsonNode.class::cast).toList();
    }

    /** The device keys {@code userId}'s device published with {@code /keys/upload}, as given, if any. */
    public Optional<JsonNode> deviceKeys(String userId, String deviceId) {
        return state.deviceKeys(userId, deviceId).map(JsonNode.class::cast);
    }

    /**
     * Takes every one-time key and the fallback key of a device away, as if others had claimed
     * them all from a client that never uploads a fallback key: a claim then finds nothing for it.
     */
    public void exhaustKeys(String userId, String deviceId) {
        state.exhaustKeys(userId, deviceId);
    }

    /** The device's unclaimed one-time keys by algorithm ({@code signed_curve25519} always present). */
    public Map<String, Integer> oneTimeKeyCounts(String userId, String deviceId) {
        return state.oneTimeKeyCounts(userId, deviceId);
    }

    /** For tests in this package that play a client the public handles do not model, e.g. a forger. */
    HomeserverState state() {
        return state;
    }

    /** The file uploaded as {@code mxcUri} ({@code mxc://local/…}), if there is one. */
    public Optional<StoredMedia> media(String mxcUri) {
        return state.media(mxcUri);
    }

    /** A user's global account data of {@code type} (e.g. {@code m.direct}), if set. */
    public Optional<JsonNode> accountData(String userId, String type) {
        return state.accountData(userId, type).map(JsonNode.class::cast);
    }
}
