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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in's gateway: one resumable session per shard, JSON encoding, no compression. A bot
 * that identifies without a {@code shard} array is shard 0 of 1. As on Discord, a server's events
 * go to shard {@code (guild_id >> 22) % num_shards}, and everything else (DMs) to shard 0.
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
    private static final int CLOSE_INVALID_SHARD = 4010;

    private final StandInState state;
    private final Recorder<GatewayFrame> received;
    private final Duration heartbeatInterval;
    private final StandInObserver observer;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();

    /** The sessions by shard id; all of one total, that of the latest IDENTIFY. */
    private final Map<Integer, Session> sessions = new HashMap<>();
    private int shardTotal = 1;
    private int sessionsStarted;

    /** One shard's session: what it was sent, for a resume, and where it is connected now. */
    private static final class Session {
        private final String id;
        private final int shard;
        private final List<ObjectNode> history = new ArrayList<>();
        private WebSocketConnection live;

        Session(String id, int shard, WebSocketConnection live) {
            this.id = id;
            this.shard = shard;
            this.live = live;
        }
    }

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

    /**
     * Sends a dispatch in the session of the shard it belongs to (by its {@code guild_id}), or keeps
     * it there for the replay after a resume.
     */
    synchronized void dispatch(String type, JsonNode data) {
        long guildId = data.hasNonNull("guild_id") ? Long.parseUnsignedLong(data.get("guild_id").asText()) : 0;
        Session session = sessions.get(shardOf(guildId));
        if (session == null) {
            throw new IllegalStateException("no gateway session for shard " + shardOf(guildId)
                    + " yet: the bot has not identified");
        }
        if (type.equals("INTERACTION_CREATE")) {
            // Taken under the lock, so time spent waiting for other senders is not the bot's.
            observer.dispatched(Long.parseUnsignedLong(data.path("id").asText()), System.nanoTime());
        }
        send(session, type, data);
    }

    /** Adds a guild; if its shard's session is running the bot learns of it by GUILD_CREATE, as on a join. */
    synchronized void addGuild(StandInGuild guild) {
        state.addGuild(guild);
        Session session = sessions.get(shardOf(guild.id()));
        if (session != null) {
            send(session, "GUILD_CREATE", Entities.guildCreate(guild, state.bot(), state.clock().instant()));
        }
    }

    /** Cuts every connection without a close frame; the sessions stay resumable. */
    synchronized void dropConnections() {
        open.forEach(WebSocketConnection::drop);
        sessions.values().forEach(session -> session.live = null);
    }

    /** The shard ids the bot has identified as, in order. */
    synchronized List<Integer> shards() {
        return sessions.keySet().stream().sorted().toList();
    }

    /** Discord's formula; a DM (no guild) goes to shard 0. */
    private int shardOf(long guildId) {
        return (int) Long.remainderUnsigned(guildId >>> 22, shardTotal);
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
        JsonNode shard = data.path("shard");
        int shardId = shard.isArray() ? shard.path(0).asInt() : 0;
        int total = shard.isArray() ? shard.path(1).asInt() : 1;
        if (total < 1 || shardId < 0 || shardId >= total) {
            connection.close(CLOSE_INVALID_SHARD, "Invalid shard.");
            return;
        }
        if (total != shardTotal) {
            sessions.clear(); // resharded: sessions of the old total are over
            shardTotal = total;
        }
        Session session = new Session("stand-in-session-" + ++sessionsStarted, shardId, connection);
        sessions.put(shardId, session);
        send(session, "READY", ready(session));
        for (StandInGuild guild : state.guilds()) {
            if (shardOf(guild.id()) == shardId) {
                send(session, "GUILD_CREATE", Entities.guildCreate(guild, state.bot(), state.clock().instant()));
            }
        }
    }

    private synchronized void resume(WebSocketConnection connection, JsonNode data) throws IOException {
        Session session = sessions.values().stream()
                .filter(s -> s.id.equals(data.path("session_id").asText())).findFirst().orElse(null);
        boolean known = session != null && state.token().equals(data.path("token").asText());
        if (!known) {
            ObjectNode invalid = frame(OP_INVALID_SESSION, null);
            invalid.put("d", false);
            connection.sendText(Entities.write(invalid));
            return;
        }
        long lastSeen = data.path("seq").asLong();
        for (ObjectNode missed : session.history) {
            // Discord replays events, not the session markers that framed earlier connections.
            boolean marker = missed.get("t").asText().equals("RESUMED");
            if (missed.get("s").asLong() > lastSeen && !marker) {
                connection.sendText(Entities.write(missed));
            }
        }
        session.live = connection;
        ObjectNode resumed = Entities.object();
        resumed.putArray("_trace").add("discord-stand-in");
        send(session, "RESUMED", resumed);
    }

    private synchronized void connectionEnded(WebSocketConnection connection) {
        for (Session session : sessions.values()) {
            if (session.live == connection) {
                session.live = null;
            }
        }
    }

    // Caller holds the lock.
    private void send(Session session, String type, JsonNode data) {
        ObjectNode dispatch = frame(OP_DISPATCH, data);
        dispatch.put("t", type);
        dispatch.put("s", session.history.size() + 1);
        session.history.add(dispatch);
        if (session.live == null) {
            return; // kept in history for the replay when the bot resumes
        }
        try {
            session.live.sendText(Entities.write(dispatch));
        } catch (IOException e) {
            LOG.debug("Dispatch {} not delivered, keeping it for the resume: {}", type, e.toString());
            session.live = null;
        }
    }

    private ObjectNode hello() {
        ObjectNode data = Entities.object();
        data.put("heartbeat_interval", heartbeatInterval.toMillis());
        data.putArray("_trace").add("discord-stand-in");
        return frame(OP_HELLO, data);
    }

    private ObjectNode ready(Session session) {
        ObjectNode data = Entities.object();
        data.put("v", 10);
        data.set("user", Entities.selfUser(state.bot()));
        ArrayNode guilds = data.putArray("guilds");
        for (StandInGuild guild : state.guilds()) {
            if (shardOf(guild.id()) == session.shard) {
                guilds.addObject().put("id", Entities.id(guild.id())).put("unavailable", true);
            }
        }
        if (shardTotal > 1) {
            data.putArray("shard").add(session.shard).add(shardTotal);
        }
        data.put("session_id", session.id);
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
