package app.afterglow.matrix;

import app.afterglow.matrix.e2ee.KeyTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The client-server endpoints the bot uses, as typed calls over {@link MatrixClient}. Every call
 * but {@link #sync} and {@link #displayName} retries what may pass; failures are
 * {@link MatrixException}s. Thread-safe.
 */
final class MatrixApi implements KeyTransport {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Longer than any sync timeout the bot asks for, so the homeserver always answers first. */
    private static final Duration SYNC_GRACE = Duration.ofSeconds(30);
    private static final Duration PROFILE_TIMEOUT = Duration.ofSeconds(5);
    static final String MEGOLM = "m.megolm.v1.aes-sha2";

    /** Whose a token is, and on which device, when the homeserver says (older ones may not). */
    record Whoami(String userId, Optional<String> deviceId) {
    }

    record Login(String accessToken, String deviceId) {
    }

    /** One page of room history: events oldest first, and where to go on, if anywhere. */
    record Page(List<JsonNode> events, Optional<String> end) {
    }

    private final MatrixClient client;
    private final String botUserId;

    MatrixApi(MatrixClient client, String botUserId) {
        this.client = Objects.requireNonNull(client, "client");
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
    }

    void useToken(String accessToken) {
        client.useToken(accessToken);
    }

    Whoami whoami() throws InterruptedException {
        JsonNode body = client.call(MatrixClient.Request.get(MatrixClient.client("account", "whoami")));
        String device = body.path("device_id").asText("");
        return new Whoami(body.path("user_id").asText(), device.isEmpty() ? Optional.empty() : Optional.of(device));
    }

    /** Password login as {@code userId}, on {@code deviceId} when given so a re-login keeps the device. */
    Login login(String userId, String password, Optional<String> deviceId) throws InterruptedException {
        ObjectNode body = JSON.objectNode().put("type", "m.login.password").put("password", password)
                .put("initial_device_display_name", "Afterglow");
        body.putObject("identifier").put("type", "m.id.user").put("user", userId);
        deviceId.ifPresent(id -> body.put("device_id", id));
        JsonNode answer = client.call(MatrixClient.Request.post(MatrixClient.client("login"), body).anonymous());
        return new Login(answer.path("access_token").asText(), answer.path("device_id").asText());
    }

    /** One sync, tried once: the sync loop has its own patience with an unreachable homeserver. */
    JsonNode sync(Optional<String> since, Duration timeout, String filter) throws InterruptedException {
        Map<String, String> query = since.isPresent()
                ? Map.of("since", since.get(), "timeout", Long.toString(timeout.toMillis()), "filter", filter)
                : Map.of("timeout", Long.toString(timeout.toMillis()), "filter", filter);
        return client.once(MatrixClient.Request.get(MatrixClient.client("sync")).query(query).timeout(timeout.plus(SYNC_GRACE)));
    }

    void join(String roomId) throws InterruptedException {
        client.call(MatrixClient.Request.post(MatrixClient.client("rooms", roomId, "join"), JSON.objectNode()));
    }

    /** Leaves a room or rejects an invite; {@code reason} shows in the inviter's client. */
    void leave(String roomId, Optional<String> reason) throws InterruptedException {
        ObjectNode body = JSON.objectNode();
        reason.ifPresent(r -> body.put("reason", r));
        client.call(MatrixClient.Request.post(MatrixClient.client("rooms", roomId, "leave"), body));
    }

    /**
     * Creates a private room marked direct, with {@code userId} invited and trusted as Element's
     * own DMs are; with end-to-end encryption on from its first event when {@code encrypted}.
     */
    String createDirectRoom(String userId, boolean encrypted) throws InterruptedException {
        ObjectNode body = JSON.objectNode().put("preset", "trusted_private_chat").put("is_direct", true);
        body.putArray("invite").add(userId);
        if (encrypted) {
            ObjectNode encryption = body.putArray("initial_state").addObject()
                    .put("type", "m.room.encryption").put("state_key", "");
            encryption.putObject("content").put("algorithm", MEGOLM);
        }
        return client.call(MatrixClient.Request.post(MatrixClient.client("createRoom"), body)).path("room_id").asText();
    }

    /** Sends an event of {@code type}; the homeserver posts one event per transaction id. */
    String sendEvent(String roomId, String type, String txnId, ObjectNode content) throws InterruptedException {
        return client.call(MatrixClient.Request.put(MatrixClient.client("rooms", roomId, "send", type, txnId), content))
                .path("event_id").asText();
    }

    /**
     * Who sent event {@code eventId} of {@code roomId}; empty when the homeserver has no such
     * event for the bot. Tried once, briefly.
     */
    Optional<String> sender(String roomId, String eventId) throws InterruptedException {
        try {
            return Optional.of(client.once(MatrixClient.Request.get(MatrixClient.client("rooms", roomId, "event", eventId))
                    .timeout(PROFILE_TIMEOUT)).path("sender").asText());
        } catch (MatrixException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The bot's {@code m.direct} account data (user id → DM room ids); empty when it has none. */
    ObjectNode directRooms() throws InterruptedException {
        try {
            JsonNode body = client.call(MatrixClient.Request.get(accountDataPath()));
            return body.isObject() ? (ObjectNode) body : JSON.objectNode();
        } catch (MatrixException e) {
            if (e.status() == 404) {
                return JSON.objectNode();
            }
            throw e;
        }
    }

    void putDirectRooms(ObjectNode direct) throws InterruptedException {
        client.call(MatrixClient.Request.put(accountDataPath(), direct));
    }

    /** A person's display name, if their homeserver says; tried once and briefly, since it only adorns. */
    Optional<String> displayName(String userId) throws InterruptedException {
        try {
            JsonNode body = client.once(MatrixClient.Request.get(MatrixClient.client("profile", userId, "displayname"))
                    .timeout(PROFILE_TIMEOUT));
            String name = body.path("displayname").asText("");
            return name.isBlank() ? Optional.empty() : Optional.of(name);
        } catch (MatrixException e) {
            return Optional.empty();
        }
    }

    /** Everyone in the room or invited to it (members who left are not counted). */
    Set<String> members(String roomId) throws InterruptedException {
        JsonNode body = client.call(MatrixClient.Request.get(MatrixClient.client("rooms", roomId, "members"))
                .query(Map.of("not_membership", "leave")));
        Set<String> members = new LinkedHashSet<>();
        body.path("chunk").forEach(event -> members.add(event.path("state_key").asText()));
        return members;
    }

    /** The room's {@code m.room.encryption} content, if end-to-end encryption is on there. */
    Optional<JsonNode> encryption(String roomId) throws InterruptedException {
        try {
            return Optional.of(client.call(MatrixClient.Request.get(
                    MatrixClient.client("rooms", roomId, "state", "m.room.encryption", ""))));
        } catch (MatrixException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Events going back from {@code from} to (not including) {@code to}, one page, oldest first. */
    Page history(String roomId, String from, String to, int limit) throws InterruptedException {
        JsonNode body = client.call(MatrixClient.Request.get(MatrixClient.client("rooms", roomId, "messages"))
                .query(Map.of("from", from, "to", to, "dir", "b", "limit", Integer.toString(limit))));
        List<JsonNode> events = new ArrayList<>();
        body.path("chunk").forEach(e -> events.add(0, e));
        String end = body.path("end").asText("");
        // Some homeservers hand back the same token at the end instead of none.
        boolean more = !end.isEmpty() && !end.equals(from) && !events.isEmpty();
        return new Page(events, more ? Optional.of(end) : Optional.empty());
    }

    /** Uploads a file to the media repository and returns its {@code mxc://} URI. */
    String upload(String filename, String contentType, byte[] data) throws InterruptedException {
        return client.call(MatrixClient.Request.upload(MatrixClient.media("upload"), data, contentType)
                        .query(Map.of("filename", filename)))
                .path("content_uri").asText();
    }

    @Override
    public JsonNode uploadKeys(ObjectNode body) throws InterruptedException {
        return client.call(MatrixClient.Request.post(MatrixClient.client("keys", "upload"), body));
    }

    @Override
    public JsonNode queryKeys(ObjectNode body) throws InterruptedException {
        return client.call(MatrixClient.Request.post(MatrixClient.client("keys", "query"), body));
    }

    @Override
    public JsonNode claimKeys(ObjectNode body) throws InterruptedException {
        return client.call(MatrixClient.Request.post(MatrixClient.client("keys", "claim"), body));
    }

    @Override
    public void sendToDevice(String eventType, String txnId, ObjectNode messages) throws InterruptedException {
        ObjectNode body = JSON.objectNode();
        body.set("messages", messages);
        client.call(MatrixClient.Request.put(MatrixClient.client("sendToDevice", eventType, txnId), body));
    }

    private String accountDataPath() {
        return MatrixClient.client("user", botUserId, "account_data", "m.direct");
    }
}
