package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in's end-to-end encryption endpoints, seen over HTTP as the bot sees them. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class E2eeStandInTest {
    private static final String BOT = "@afterglow:local";
    private static final String BOB = "@bob:local";
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private MatrixStandIn standIn;
    private BotAccount bot;
    private BotAccount bob;

    @BeforeEach
    void launch() {
        standIn = MatrixStandIn.launch();
        bot = standIn.botAccount(BOT, "bot-password");
        bob = standIn.botAccount(BOB, "bob-password");
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    @DisplayName("GIVEN a device WHEN it uploads device, one-time and fallback keys THEN the counts come back and show in its sync, and others can query the keys")
    void uploadThenCountsAndQuery() throws Exception {
        Reply uploaded = call("POST", "/_matrix/client/v3/keys/upload", bot.accessToken(), upload(bot, 3, true));
        assertEquals(200, uploaded.status(), uploaded.json().toString());
        assertEquals(3, uploaded.json().path("one_time_key_counts").path("signed_curve25519").asInt());

        JsonNode synced = sync(bot, null, 0);
        assertEquals(3, synced.path("device_one_time_keys_count").path("signed_curve25519").asInt());
        assertEquals("[\"signed_curve25519\"]", synced.path("device_unused_fallback_key_types").toString());

        ObjectNode query = mapper.createObjectNode();
        query.putObject("device_keys").putArray(BOT);
        query.withObjectProperty("device_keys").putArray("@nobody:local");
        JsonNode answer = call("POST", "/_matrix/client/v3/keys/query", bob.accessToken(), query).json();
        assertEquals(deviceKeys(bot), answer.path("device_keys").path(BOT).path(bot.deviceId()));
        assertFalse(answer.path("device_keys").has("@nobody:local"), "unknown users are left out");
        assertTrue(answer.path("failures").isEmpty());
        assertEquals(deviceKeys(bot), standIn.deviceKeys(BOT, bot.deviceId()).orElseThrow());

        query.withObjectProperty("device_keys").putArray(BOT).add("OTHER");
        assertTrue(call("POST", "/_matrix/client/v3/keys/query", bob.accessToken(), query).json()
                .path("device_keys").path(BOT).isEmpty(), "only the listed devices");
    }

    @Test
    @DisplayName("GIVEN a token of one device WHEN it uploads device keys naming another user or device THEN 400, and nothing is stored")
    void uploadForAnotherDeviceIsRefused() throws Exception {
        ObjectNode otherDevice = upload(bot, 1, false);
        otherDevice.withObjectProperty("device_keys").put("device_id", "NOT_MINE");
        assertEquals(400, call("POST", "/_matrix/client/v3/keys/upload", bot.accessToken(), otherDevice).status());
        ObjectNode otherUser = upload(bot, 1, false);
        otherUser.withObjectProperty("device_keys").put("user_id", BOB);
        assertEquals(400, call("POST", "/_matrix/client/v3/keys/upload", bot.accessToken(), otherUser).status());

        assertTrue(standIn.deviceKeys(BOT, bot.deviceId()).isEmpty());
        assertEquals(0, standIn.oneTimeKeyCounts(BOT, bot.deviceId()).get("signed_curve25519"));
    }

    @Test
    @DisplayName("GIVEN two one-time keys and a fallback key WHEN they are claimed four times THEN each one-time key comes once, then the fallback key every time; an unknown device is absent")
    void claimOnceThenFallback() throws Exception {
        call("POST", "/_matrix/client/v3/keys/upload", bot.accessToken(), upload(bot, 2, true));
        ObjectNode claim = mapper.createObjectNode();
        ObjectNode wanted = claim.putObject("one_time_keys").putObject(BOT);
        wanted.put(bot.deviceId(), "signed_curve25519");
        wanted.put("UNKNOWN", "signed_curve25519");

        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode answer = call("POST", "/_matrix/client/v3/keys/claim", bob.accessToken(), claim).json();
            JsonNode keys = answer.path("one_time_keys").path(BOT);
            assertFalse(keys.has("UNKNOWN"));
            assertEquals(1, keys.path(bot.deviceId()).size());
            claimed.add(keys.path(bot.deviceId()).fieldNames().next());
        }
        assertEquals(List.of("signed_curve25519:KEY1", "signed_curve25519:KEY2",
                "signed_curve25519:FALLBACK", "signed_curve25519:FALLBACK"), claimed);

        JsonNode synced = sync(bot, null, 0);
        assertEquals(0, synced.path("device_one_time_keys_count").path("signed_curve25519").asInt());
        assertTrue(synced.path("device_unused_fallback_key_types").isEmpty(), "the fallback key has been used");
    }

    @Test
    @DisplayName("GIVEN a to-device message WHEN the recipient syncs THEN it arrives once per device, comes again on a retried sync, and is gone once the device syncs past it; a repeated transaction delivers nothing")
    void toDeviceDeliveredUntilAcknowledged() throws Exception {
        String since = sync(bot, null, 0).path("next_batch").asText();
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                request("GET", syncPath(since, 5000), bot.accessToken(), null), HttpResponse.BodyHandlers.ofString());
        assertThrows(TimeoutException.class, () -> poll.get(200, TimeUnit.MILLISECONDS));

        ObjectNode messages = mapper.createObjectNode();
        messages.putObject("messages").putObject(BOT).putObject("*").put("hello", "bot");
        assertEquals(200, call("PUT", "/_matrix/client/v3/sendToDevice/m.test/txn1", bob.accessToken(), messages).status());
        assertEquals(200, call("PUT", "/_matrix/client/v3/sendToDevice/m.test/txn1", bob.accessToken(), messages).status());

        JsonNode woken = mapper.readTree(poll.get(2, TimeUnit.SECONDS).body());
        JsonNode events = woken.path("to_device").path("events");
        assertEquals(1, events.size(), "the repeated transaction was a retry");
        assertEquals("m.test", events.get(0).path("type").asText());
        assertEquals(BOB, events.get(0).path("sender").asText());
        assertEquals("bot", events.get(0).path("content").path("hello").asText());

        assertEquals(events, sync(bot, since, 0).path("to_device").path("events"), "unacknowledged: sent again");
        String next = woken.path("next_batch").asText();
        assertTrue(sync(bot, next, 0).path("to_device").path("events").isEmpty(), "acknowledged by syncing past it");
        assertTrue(sync(bot, since, 0).path("to_device").path("events").isEmpty(), "and deleted");

        JsonNode logged = standIn.toDeviceJson().get(0);
        assertEquals(bot.deviceId(), logged.path("recipient_device").asText());
        assertEquals(bob.deviceId(), logged.path("sender_device").asText());
        assertEquals(1, standIn.toDeviceJson().size());
    }

    @Test
    @DisplayName("GIVEN the bot shares a room with Bob WHEN Bob publishes device keys, and later leaves THEN the bot's sync lists him in device_lists.changed, then in left")
    void deviceListsChangedThenLeft() throws Exception {
        String room = standIn.user(BOB).createDirectRoom(BOT);
        String beforeJoin = sync(bot, null, 0).path("next_batch").asText();
        standIn.user(BOT).join(room);
        JsonNode joined = sync(bot, beforeJoin, 0);
        assertEquals("[\"" + BOB + "\"]", joined.path("device_lists").path("changed").toString(),
                "a user newly sharing a room is one whose keys to fetch");
        String since = joined.path("next_batch").asText();

        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                request("GET", syncPath(since, 5000), bot.accessToken(), null), HttpResponse.BodyHandlers.ofString());
        assertThrows(TimeoutException.class, () -> poll.get(200, TimeUnit.MILLISECONDS));
        call("POST", "/_matrix/client/v3/keys/upload", bob.accessToken(), upload(bob, 1, false));
        JsonNode changed = mapper.readTree(poll.get(2, TimeUnit.SECONDS).body());
        assertEquals("[\"" + BOB + "\"]", changed.path("device_lists").path("changed").toString());
        since = changed.path("next_batch").asText();

        call("POST", "/_matrix/client/v3/keys/upload", bob.accessToken(), upload(bob, 1, false));
        assertTrue(sync(bot, since, 0).path("device_lists").path("changed").isEmpty(),
                "uploading the same device keys again changes nothing");

        standIn.user(BOB).leave(room);
        JsonNode left = sync(bot, since, 0).path("device_lists");
        assertEquals("[\"" + BOB + "\"]", left.path("left").toString());
        assertTrue(left.path("changed").isEmpty());
    }

    /** An upload body with unsigned-looking but well-formed keys: the stand-in checks no signature. */
    private ObjectNode upload(BotAccount account, int oneTimeKeys, boolean fallback) {
        ObjectNode body = mapper.createObjectNode();
        body.set("device_keys", deviceKeys(account));
        ObjectNode keys = body.putObject("one_time_keys");
        for (int i = 1; i <= oneTimeKeys; i++) {
            keys.putObject("signed_curve25519:KEY" + i).put("key", "otk-" + i);
        }
        if (fallback) {
            body.putObject("fallback_keys").putObject("signed_curve25519:FALLBACK").put("key", "fb").put("fallback", true);
        }
        return body;
    }

    private ObjectNode deviceKeys(BotAccount account) {
        ObjectNode keys = mapper.createObjectNode().put("user_id", account.userId()).put("device_id", account.deviceId());
        keys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
        keys.putObject("keys").put("curve25519:" + account.deviceId(), "curve-" + account.userId())
                .put("ed25519:" + account.deviceId(), "ed-" + account.userId());
        return keys;
    }

    private JsonNode sync(BotAccount account, String since, long timeoutMillis) throws Exception {
        Reply reply = call("GET", syncPath(since, timeoutMillis), account.accessToken(), null);
        assertEquals(200, reply.status(), reply.json().toString());
        return reply.json();
    }

    private static String syncPath(String since, long timeoutMillis) {
        return "/_matrix/client/v3/sync?timeout=" + timeoutMillis
                + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
    }

    private Reply call(String method, String path, String token, JsonNode body) throws Exception {
        HttpResponse<String> response = http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), mapper.readTree(response.body()));
    }

    private HttpRequest request(String method, String path, String token, JsonNode body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body));
        return HttpRequest.newBuilder(URI.create(standIn.baseUri() + path))
                .timeout(Duration.ofSeconds(8))
                .method(method, publisher)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .build();
    }

    private record Reply(int status, JsonNode json) {
    }
}
