package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in's gateway: one resumable session at a time, JSON encoding, no compression.
 *
 * <p>Threads: one accepts connections, one per connection reads the bot's payloads and answers
 * them. Session state (id, sequence, history of dispatches, the live connection) is guarded by
 * this object's lock, and dispatches are sent while holding it, so every connection sees them
 * in sequence order and a resume cannot slip between replay and live delivery.
 */
final class GatewayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final Duration THREAD_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int OP_DISPATCH = 0;
    private static final int OP_INVALID_SESSION = 9;
    private static final int OP_HELLO = 10;
    private static final int OP_HEARTBEAT_ACK = 11;
    private static final int CLOSE_AUTHENTICATION_FAILED = 4004;

    private final StandInState state;
    private final Recorder<GatewayFrame> received;
    private final Duration heartbeatInterval;
    private final StandInObserver observer;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();

    private String sessionId;
    private int sessionsStarted;
    private final List<ObjectNode> history = new ArrayList<>();
    private WebSocketConnection live;

    GatewayServer(StandInState state, Recorder<GatewayFrame> received, Duration heartbeatInterval,
                  StandInObserver observer) {
        this.state = Objects.requireNonNull(state, "state");
        this.received = Objects.requireNonNull(received, "received");
        this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        this.observer = Objects.requireNonNull(observer, "observer");
        try {
            this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback interface", e);
        }
        this.acceptor = new Thread(this::acceptLoop, "discord-stand-in-gateway-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where JDA connects and resumes; JDA appends its own {@code ?encoding=json&v=10}. */
    String url() {
        return "ws://127.0.0.1:" + serverSocket.getLocalPort() + "/";
    }

    /** Sends a dispatch in the current session, or keeps it for the replay after a resume. */
    synchronized void dispatch(String type, JsonNode data) {
        if (sessionId == null) {
            throw new IllegalStateException("no gateway session yet: the bot has not identified");
        }
        if (type.equals("INTERACTION_CREATE")) {
            // Taken under the lock, so time spent waiting for other senders is not the bot's.
            observer.dispatched(Long.parseUnsignedLong(data.path("id").asText()), System.nanoTime());
        }
        send(type, data);
    }

    /** Adds a guild; if a session is running the bot learns of it by GUILD_CREATE, as on a join. */
    synchronized void addGuild(StandInGuild guild) {
        state.addGuild(guild);
        if (sessionId != null) {
            send("GUILD_CREATE", Entities.guildCreate(guild, state.bot(), state.clock().instant()));
        }
    }

    /** Cuts every connection without a close frame; the session stays resumable. */
    synchronized void dropConnections() {
        open.forEach(WebSocketConnection::drop);
        live = null;
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("Closing the gateway listener failed", e);
        }
        open.forEach(WebSocketConnection::drop);
        long deadline = System.nanoTime() + THREAD_STOP_TIMEOUT.toNanos();
        join(acceptor, deadline);
        readers.forEach(reader -> join(reader, deadline));
    }

    private void acceptLoop() {
        int connections = 0;
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
                // Dispatches go out back to back; with Nagle's algorithm each would wait for the
                // bot's delayed ACK of the one before, 40 ms on Linux, which Discord never adds.
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                return; // closed by close()
            }
            Thread reader = new Thread(() -> serve(socket), "discord-stand-in-gateway-" + ++connections);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
    }

    private void serve(Socket socket) {
        WebSocketConnection connection = null;
        try {
            connection = WebSocketConnection.readHandshake(socket);
            String unsupported = unsupported(connection.requestTarget());
            if (unsupported != null) {
                LOG.warn("Refusing gateway connection to {}: {}", connection.requestTarget(), unsupported);
                connection.reject(400, unsupported);
                return;
            }
            connection.accept();
            open.add(connection);
            connection.sendText(Entities.write(hello()));
            for (String text = connection.readText(); text != null; text = connection.readText()) {
                onPayload(connection, Entities.parse(text.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException | RuntimeException e) {
            // The bot or dropConnections() cut the line; JDA reconnects on its own.
            LOG.debug("Gateway connection ended: {}", e.toString());
        } finally {
            if (connection != null) {
                open.remove(connection);
                connectionEnded(connection);
                connection.drop();
            } else {
                closeQuietly(socket);
            }
            readers.remove(Thread.currentThread());
        }
    }

    /** Why the stand-in cannot serve this connection, or null; it speaks only uncompressed JSON. */
    private static String unsupported(String requestTarget) {
        String query = requestTarget.contains("?") ? requestTarget.substring(requestTarget.indexOf('?') + 1) : "";
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("compress=")) {
                return "the stand-in does not compress; build JDA with Compression.NONE";
            }
            if (parameter.startsWith("encoding=") && !parameter.equals("encoding=json")) {
                return "the stand-in speaks only JSON; build JDA with GatewayEncoding.JSON";
            }
        }
        return null;
    }

    private void onPayload(WebSocketConnection connection, JsonNode payload) throws IOException {
        int op = payload.path("op").asInt(-1);
        JsonNode data = payload.hasNonNull("d") ? payload.get("d") : NullNode.getInstance();
        received.add(new GatewayFrame(op, data, state.clock().instant()));
        switch (op) {
            case GatewayFrame.HEARTBEAT -> connection.sendText(Entities.write(frame(OP_HEARTBEAT_ACK, null)));
            case GatewayFrame.IDENTIFY -> identify(connection, data);
            case GatewayFrame.RESUME -> resume(connection, data);
            default -> LOG.debug("Ignoring gateway op {} (recorded)", op);
        }
    }

    private synchronized void identify(WebSocketConnection connection, JsonNode data) {
        if (!state.token().equals(data.path("token").asText())) {
            connection.close(CLOSE_AUTHENTICATION_FAILED, "Authentication failed.");
            return;
        }
        sessionId = "stand-in-session-" + ++sessionsStarted;
        history.clear();
        live = connection;
        send("READY", ready());
        for (StandInGuild guild : state.guilds()) {
            send("GUILD_CREATE", Entities.guildCreate(guild, state.bot(), state.clock().instant()));
        }
    }

    private synchronized void resume(WebSocketConnection connection, JsonNode data) throws IOException {
        boolean known = sessionId != null && sessionId.equals(data.path("session_id").asText())
                && state.token().equals(data.path("token").asText());
        if (!known) {
            ObjectNode invalid = frame(OP_INVALID_SESSION, null);
            invalid.put("d", false);
            connection.sendText(Entities.write(invalid));
            return;
        }
        long lastSeen = data.path("seq").asLong();
        for (ObjectNode missed : history) {
            // Discord replays events, not the session markers that framed earlier connections.
            boolean marker = missed.get("t").asText().equals("RESUMED");
            if (missed.get("s").asLong() > lastSeen && !marker) {
                connection.sendText(Entities.write(missed));
            }
        }
        live = connection;
        ObjectNode resumed = Entities.object();
        resumed.putArray("_trace").add("discord-stand-in");
        send("RESUMED", resumed);
    }

    private synchronized void connectionEnded(WebSocketConnection connection) {
        if (live == connection) {
            live = null;
        }
    }

    // Caller holds the lock.
    private void send(String type, JsonNode data) {
        ObjectNode dispatch = frame(OP_DISPATCH, data);
        dispatch.put("t", type);
        dispatch.put("s", history.size() + 1);
        history.add(dispatch);
        if (live == null) {
            return; // kept in history for the replay when the bot resumes
        }
        try {
            live.sendText(Entities.write(dispatch));
        } catch (IOException e) {
            LOG.debug("Dispatch {} not delivered, keeping it for the resume: {}", type, e.toString());
            live = null;
        }
    }

    private ObjectNode hello() {
        ObjectNode data = Entities.object();
        data.put("heartbeat_interval", heartbeatInterval.toMillis());
        data.putArray("_trace").add("discord-stand-in");
        return frame(OP_HELLO, data);
    }

    private ObjectNode ready() {
        ObjectNode data = Entities.object();
        data.put("v", 10);
        data.set("user", Entities.selfUser(state.bot()));
        ArrayNode guilds = data.putArray("guilds");
        for (StandInGuild guild : state.guilds()) {
            guilds.addObject().put("id", Entities.id(guild.id())).put("unavailable", true);
        }
        data.put("session_id", sessionId);
        data.put("session_type", "normal");
        data.put("resume_gateway_url", url());
        data.putArray("private_channels");
        data.putArray("presences");
        data.putArray("relationships");
        data.putArray("guild_join_requests");
        data.putArray("geo_ordered_rtc_regions");
        data.putObject("user_settings");
        data.putObject("application").put("id", Entities.id(state.applicationId())).put("flags", 0);
        data.putArray("_trace").add("discord-stand-in");
        return data;
    }

    private static ObjectNode frame(int op, JsonNode data) {
        ObjectNode frame = Entities.object();
        frame.put("op", op);
        frame.set("d", data == null ? NullNode.getInstance() : data);
        frame.putNull("s");
        frame.putNull("t");
        return frame;
    }

    private static void join(Thread thread, long deadlineNanos) {
        long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            thread.join(remainingMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more can be done for a socket that will not close.
        }
    }
}
