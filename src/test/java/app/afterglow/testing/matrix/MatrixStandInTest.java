package app.afterglow.testing.matrix;

import app.afterglow.testing.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in seen the way the Matrix adapter will see it: over HTTP, with java.net.http and Jackson. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class MatrixStandInTest {
    private static final String BOT = "@afterglow:local";
    private static final String ALICE = "@alice:local";
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private MatrixStandIn standIn;
    private BotAccount bot;
    private SimulatedUser alice;

    @BeforeEach
    void launch() {
        standIn = MatrixStandIn.launch();
        bot = standIn.botAccount(BOT, "bot-password");
        alice = standIn.register(ALICE, "Alice");
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    @DisplayName("GIVEN a bot account WHEN it logs in with its password THEN whoami names it, and a bad or missing token is refused")
    void loginAndWhoami() throws Exception {
        assertEquals(200, call("GET", "/_matrix/client/versions", null, null).status());

        ObjectNode login = mapper.createObjectNode().put("type", "m.login.password").put("password", "bot-password");
        login.putObject("identifier").put("type", "m.id.user").put("user", BOT);
        Reply loggedIn = call("POST", "/_matrix/client/v3/login", null, login);
        assertEquals(200, loggedIn.status());
        assertEquals(BOT, loggedIn.json().path("user_id").asText());
        String token = loggedIn.json().path("access_token").asText();

        Reply whoami = call("GET", "/_matrix/client/v3/account/whoami", token, null);
        assertEquals(BOT, whoami.json().path("user_id").asText());
        assertEquals(loggedIn.json().path("device_id").asText(), whoami.json().path("device_id").asText());

        Reply badToken = call("GET", "/_matrix/client/v3/account/whoami", "not-a-token", null);
        assertEquals(401, badToken.status());
        assertEquals("M_UNKNOWN_TOKEN", badToken.json().path("errcode").asText());
        Reply noToken = call("GET", "/_matrix/client/v3/account/whoami", null, null);
        assertEquals("M_MISSING_TOKEN", noToken.json().path("errcode").asText());
        login.put("password", "wrong");
        assertEquals("M_FORBIDDEN", call("POST", "/_matrix/client/v3/login", null, login).json().path("errcode").asText());
    }

    @Test
    @DisplayName("GIVEN a synced bot WHEN a person speaks during a long poll THEN the poll returns with the message, and the next sync does not replay it")
    void longPollReturnsWhenSomeoneSpeaks() throws Exception {
        String room = alice.createDirectRoom(BOT);
        standIn.user(BOT).join(room);
        String since = sync(null, 0).path("next_batch").asText();

        long started = System.nanoTime();
        JsonNode quiet = sync(since, 300);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 250, "an idle poll waits for its timeout");
        assertTrue(quiet.path("rooms").path("join").isEmpty());

        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(
                request("GET", syncPath(since, 5000), bot.accessToken(), null), HttpResponse.BodyHandlers.ofString());
        assertThrows(java.util.concurrent.TimeoutException.class, () -> poll.get(200, TimeUnit.MILLISECONDS),
                "the poll is parked while nothing happens");
        String eventId = alice.say(room, "hello");
        JsonNode woken = mapper.readTree(poll.get(2, TimeUnit.SECONDS).body());

        JsonNode events = woken.path("rooms").path("join").path(room).path("timeline").path("events");
        assertEquals(1, events.size());
        assertEquals(eventId, events.get(0).path("event_id").asText());
        assertEquals("hello", events.get(0).path("content").path("body").asText());
        assertEquals(ALICE, events.get(0).path("sender").asText());
        assertTrue(events.get(0).path("origin_server_ts").asLong() > 0);

        JsonNode after = sync(woken.path("next_batch").asText(), 0);
        assertFalse(after.path("rooms").path("join").has(room), "no replay after next_batch");
    }

    @Test
    @DisplayName("GIVEN a person opens a DM WHEN the bot joins THEN the room moves from rooms.invite to rooms.join with its state")
    void inviteThenJoin() throws Exception {
        String room = alice.createDirectRoom(BOT);

        JsonNode first = sync(null, 0);
        JsonNode inviteState = first.path("rooms").path("invite").path(room).path("invite_state").path("events");
        JsonNode ownInvite = findEvent(inviteState, "m.room.member", BOT);
        assertEquals("invite", ownInvite.path("content").path("membership").asText());
        assertTrue(ownInvite.path("content").path("is_direct").asBoolean());
        assertEquals(ALICE, ownInvite.path("sender").asText());
        assertFalse(first.path("rooms").path("join").has(room));

        Reply joined = call("POST", "/_matrix/client/v3/join/" + encode(room), bot.accessToken(), mapper.createObjectNode());
        assertEquals(room, joined.json().path("room_id").asText());

        JsonNode next = sync(first.path("next_batch").asText(), 0);
        assertFalse(next.path("rooms").path("invite").has(room));
        JsonNode joinedRoom = next.path("rooms").path("join").path(room);
        JsonNode timeline = joinedRoom.path("timeline").path("events");
        JsonNode ownJoin = timeline.get(timeline.size() - 1);
        assertEquals(BOT, ownJoin.path("state_key").asText());
        assertEquals("join", ownJoin.path("content").path("membership").asText());
        assertEquals("m.room.create", joinedRoom.path("timeline").path("events").get(0).path("type").asText(),
                "a newly joined room brings its recent history, from before the join too");
        assertEquals(2, joinedRoom.path("summary").path("m.joined_member_count").asInt());

        Reply members = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/joined_members", bot.accessToken(), null);
        assertEquals("Alice", members.json().path("joined").path(ALICE).path("display_name").asText());
        call("POST", "/_matrix/client/v3/rooms/" + encode(room) + "/invite", bot.accessToken(),
                mapper.createObjectNode().put("user_id", "@carol:local"));
        JsonNode present = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/members?not_membership=leave",
                bot.accessToken(), null).json().path("chunk");
        List<String> who = new java.util.ArrayList<>();
        present.forEach(e -> who.add(e.path("state_key").asText() + "=" + e.path("content").path("membership").asText()));
        assertEquals(List.of(BOT + "=join", ALICE + "=join", "@carol:local=invite"), who.stream().sorted().toList());
    }

    @Test
    @DisplayName("GIVEN messages sent before the bot joined WHEN its next sync brings the newly joined room THEN they are in its timeline, with the state before them")
    void newlyJoinedRoomBringsItsHistory() throws Exception {
        String room = alice.createDirectRoom(BOT);
        String since = sync(null, 0).path("next_batch").asText();
        for (int i = 1; i <= SyncResponder.TIMELINE_LIMIT; i++) {
            alice.sayAt(room, "before you came " + i, Instant.now());
        }
        call("POST", "/_matrix/client/v3/join/" + encode(room), bot.accessToken(), mapper.createObjectNode());

        JsonNode joined = sync(since, 0).path("rooms").path("join").path(room);
        JsonNode events = joined.path("timeline").path("events");
        assertTrue(joined.path("timeline").path("limited").asBoolean());
        assertEquals("before you came 2", events.get(0).path("content").path("body").asText());
        assertEquals(BOT, events.get(events.size() - 1).path("state_key").asText());
        assertEquals("m.room.create", joined.path("state").path("events").get(0).path("type").asText());
    }

    @Test
    @DisplayName("GIVEN a send WHEN it is repeated with the same transaction id THEN one event is posted and both answers carry its id")
    void sendIsIdempotentPerTransaction() throws Exception {
        String room = roomWithBot();

        Reply first = send(room, "txn-1", "hi Alice");
        Reply again = send(room, "txn-1", "hi Alice");
        Reply other = send(room, "txn-2", "second");

        assertEquals(200, again.status());
        assertEquals(first.json().path("event_id").asText(), again.json().path("event_id").asText());
        assertFalse(other.json().path("event_id").asText().equals(first.json().path("event_id").asText()));
        assertEquals(3, standIn.requestCount("PUT", "/send/"));
        assertEquals(List.of("hi Alice", "second"), bodies(alice.messagesFrom(BOT)));
    }

    @Test
    @DisplayName("GIVEN sends answered late WHEN the bot sends THEN the event is posted at once and the answer comes after the delay, while other requests are answered at once")
    void lateAnswerTakesEffectAtOnce() throws Exception {
        String room = roomWithBot();
        Duration late = Duration.ofMillis(400);
        standIn.answerLate("/send/", late);

        long started = System.nanoTime();
        CompletableFuture<Reply> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return send(room, "txn-late", "on its way");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(WAIT, "the event posted", () -> alice.messagesFrom(BOT).size() == 1);
        assertFalse(sending.isDone(), "answered before the delay");
        assertEquals(200, call("GET", "/_matrix/client/v3/account/whoami", bot.accessToken(), null).status());
        assertFalse(sending.isDone(), "a request to another path waited for the late one");
        assertEquals(200, sending.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status());
        assertTrue(System.nanoTime() - started >= late.toNanos(), "answered before the delay was over");
    }

    @Test
    @DisplayName("GIVEN an injected 429 WHEN the bot sends THEN it gets M_LIMIT_EXCEEDED with retry_after_ms and Retry-After, nothing is posted, and the retry succeeds")
    void rateLimitThenSuccess() throws Exception {
        String room = roomWithBot();
        standIn.failNext(1, 429, "/send/", Duration.ofMillis(1500));

        Reply limited = send(room, "txn-1", "hello");
        assertEquals(429, limited.status());
        assertEquals("M_LIMIT_EXCEEDED", limited.json().path("errcode").asText());
        assertEquals(1500, limited.json().path("retry_after_ms").asLong());
        assertEquals("2", limited.retryAfter());
        assertTrue(alice.messagesFrom(BOT).isEmpty());

        assertEquals(200, send(room, "txn-1", "hello").status());
        assertEquals(1, alice.messagesFrom(BOT).size());
    }

    @Test
    @DisplayName("GIVEN injected 500s WHEN requests arrive THEN only the matching ones fail, and a lost response leaves one event behind a retried transaction")
    void injectedServerErrors() throws Exception {
        String room = roomWithBot();
        standIn.failNext(1, 500, "/whoami");

        assertEquals(200, call("GET", "/_matrix/client/v3/joined_rooms", bot.accessToken(), null).status());
        Reply failed = call("GET", "/_matrix/client/v3/account/whoami", bot.accessToken(), null);
        assertEquals(500, failed.status());
        assertEquals("M_UNKNOWN", failed.json().path("errcode").asText());
        assertEquals(200, call("GET", "/_matrix/client/v3/account/whoami", bot.accessToken(), null).status());

        standIn.failNextAfterHandling(1, 500, "/send/");
        assertEquals(500, send(room, "txn-lost", "posted anyway").status());
        assertEquals(1, alice.messagesFrom(BOT).size(), "the request took effect before the answer was lost");
        assertEquals(200, send(room, "txn-lost", "posted anyway").status());
        assertEquals(1, alice.messagesFrom(BOT).size());
    }

    @Test
    @DisplayName("GIVEN a running stand-in WHEN it stops and starts again THEN the port, tokens, rooms and sync position survive and parked polls are cut off")
    void stopAndStartKeepState() throws Exception {
        String room = roomWithBot();
        int port = standIn.port();
        String since = sync(null, 0).path("next_batch").asText();
        CompletableFuture<HttpResponse<String>> parked = http.sendAsync(
                request("GET", syncPath(since, 5000), bot.accessToken(), null), HttpResponse.BodyHandlers.ofString());
        assertThrows(java.util.concurrent.TimeoutException.class, () -> parked.get(200, TimeUnit.MILLISECONDS));

        standIn.stop();
        ExecutionException cut = assertThrows(ExecutionException.class, () -> parked.get(3, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, cut.getCause());
        assertThrows(IOException.class, () -> call("GET", "/_matrix/client/v3/account/whoami", bot.accessToken(), null));
        alice.say(room, "while you were away");

        standIn.start();
        assertEquals(port, standIn.port());
        assertEquals(200, call("GET", "/_matrix/client/v3/account/whoami", bot.accessToken(), null).status());
        JsonNode resumed = sync(since, 0);
        JsonNode events = resumed.path("rooms").path("join").path(room).path("timeline").path("events");
        assertEquals(1, events.size());
        assertEquals("while you were away", events.get(0).path("content").path("body").asText());
    }

    @Test
    @DisplayName("GIVEN a room created with m.room.encryption in initial_state WHEN its state is read THEN the encryption event is there and absent state is M_NOT_FOUND")
    void encryptedRoomState() throws Exception {
        ObjectNode create = mapper.createObjectNode().put("preset", "trusted_private_chat").put("is_direct", true);
        create.putArray("invite").add(ALICE);
        ObjectNode encryption = create.putArray("initial_state").addObject().put("type", "m.room.encryption").put("state_key", "");
        encryption.putObject("content").put("algorithm", "m.megolm.v1.aes-sha2");
        String room = call("POST", "/_matrix/client/v3/createRoom", bot.accessToken(), create).json().path("room_id").asText();

        Reply state = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/state/m.room.encryption/", bot.accessToken(), null);
        assertEquals("m.megolm.v1.aes-sha2", state.json().path("algorithm").asText());
        Reply all = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/state", bot.accessToken(), null);
        assertEquals("m.room.encryption", findEvent(all.json(), "m.room.encryption", "").path("type").asText());
        Reply missing = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/state/m.room.name/", bot.accessToken(), null);
        assertEquals(404, missing.status());
        assertEquals("M_NOT_FOUND", missing.json().path("errcode").asText());

        assertEquals(List.of(room), alice.pendingInvites());
        alice.join(room);
        alice.say(room, "can you read this?");
        JsonNode events = sync(null, 0).path("rooms").path("join").path(room).path("timeline").path("events");
        assertEquals("m.room.encrypted", events.get(events.size() - 1).path("type").asText(),
                "a person's client encrypts in an encrypted room; the bot cannot read it");
    }

    @Test
    @DisplayName("GIVEN a room the bot is in WHEN one of its events is read by id THEN it comes with its sender; an "
            + "unknown id is M_NOT_FOUND")
    void eventReadById() throws Exception {
        ObjectNode create = mapper.createObjectNode().put("preset", "trusted_private_chat").put("is_direct", true);
        create.putArray("invite").add(ALICE);
        String room = call("POST", "/_matrix/client/v3/createRoom", bot.accessToken(), create).json().path("room_id").asText();
        alice.join(room);
        String said = alice.say(room, "hello");

        Reply event = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/event/" + encode(said), bot.accessToken(), null);
        assertEquals(ALICE, event.json().path("sender").asText());
        assertEquals("hello", event.json().path("content").path("body").asText());
        Reply missing = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/event/" + encode("$nope"), bot.accessToken(), null);
        assertEquals(404, missing.status());
        assertEquals("M_NOT_FOUND", missing.json().path("errcode").asText());
    }

    @Test
    @DisplayName("GIVEN the bot's m.direct WHEN it is put and read back THEN it round-trips and arrives in sync; other users' account data is forbidden")
    void directAccountDataRoundTrip() throws Exception {
        String path = "/_matrix/client/v3/user/" + encode(BOT) + "/account_data/m.direct";
        assertEquals("M_NOT_FOUND", call("GET", path, bot.accessToken(), null).json().path("errcode").asText());
        String since = sync(null, 0).path("next_batch").asText();

        ObjectNode direct = mapper.createObjectNode();
        direct.putArray(ALICE).add("!room1:local");
        assertEquals(200, call("PUT", path, bot.accessToken(), direct).status());

        assertEquals(direct, call("GET", path, bot.accessToken(), null).json());
        JsonNode accountData = sync(since, 0).path("account_data").path("events");
        assertEquals("m.direct", accountData.get(0).path("type").asText());
        assertEquals(direct, accountData.get(0).path("content"));
        String alicePath = "/_matrix/client/v3/user/" + encode(ALICE) + "/account_data/m.direct";
        assertEquals(403, call("GET", alicePath, bot.accessToken(), null).status());
    }

    @Test
    @DisplayName("GIVEN history seeded before the bot's first sync WHEN it syncs THEN the first sync holds the old events with their timestamps and later syncs only new ones")
    void seededHistoryArrivesInFirstSyncOnly() throws Exception {
        String room = alice.createDirectRoom(BOT);
        standIn.user(BOT).join(room);
        Instant longAgo = Instant.parse("2024-01-01T12:00:00Z");
        alice.sayAt(room, "old question", longAgo);

        JsonNode first = sync(null, 0);
        JsonNode old = findMessage(first.path("rooms").path("join").path(room).path("timeline").path("events"), "old question");
        assertEquals(longAgo.toEpochMilli(), old.path("origin_server_ts").asLong());

        alice.say(room, "new question");
        JsonNode events = sync(first.path("next_batch").asText(), 0).path("rooms").path("join").path(room).path("timeline").path("events");
        assertEquals(1, events.size());
        assertEquals("new question", events.get(0).path("content").path("body").asText());
    }

    @Test
    @DisplayName("GIVEN the bot replies with formatting and mentions WHEN the person awaits it THEN they get the full content, and later awaits look past it")
    void personAwaitsBotReply() throws Exception {
        String room = roomWithBot();
        ObjectNode content = mapper.createObjectNode().put("msgtype", "m.text").put("body", "**Hi** Alice")
                .put("format", "org.matrix.custom.html").put("formatted_body", "<b>Hi</b> Alice");
        content.putObject("m.mentions").putArray("user_ids");
        call("PUT", "/_matrix/client/v3/rooms/" + encode(room) + "/send/m.room.message/t1", bot.accessToken(), content);

        JsonNode received = alice.awaitMessage(m -> m.path("body").asText().contains("Hi"), WAIT);
        assertEquals(content, received);
        assertEquals(List.of(content), alice.receivedMessages(room));
        AssertionError none = assertThrows(AssertionError.class,
                () -> alice.awaitMessage(m -> m.path("body").asText().contains("Hi"), Duration.ofMillis(100)));
        assertTrue(none.getMessage().contains(ALICE));
    }

    @Test
    @DisplayName("GIVEN the bot is in a room WHEN it leaves THEN its next sync lists the room under rooms.leave ending with its leave event")
    void leaveShowsInRoomsLeave() throws Exception {
        String room = roomWithBot();
        String since = sync(null, 0).path("next_batch").asText();

        call("POST", "/_matrix/client/v3/rooms/" + encode(room) + "/leave", bot.accessToken(), mapper.createObjectNode());

        JsonNode left = sync(since, 0).path("rooms").path("leave").path(room).path("timeline").path("events");
        JsonNode last = left.get(left.size() - 1);
        assertEquals("leave", last.path("content").path("membership").asText());
        assertEquals(BOT, last.path("state_key").asText());
        assertEquals(403, send(room, "after-leave", "hello?").status());
    }

    @Test
    @DisplayName("GIVEN a limited sync timeline WHEN the client pages back from prev_batch to its last next_batch THEN it gets exactly the events in the gap, newest first")
    void pagingFillsTheGap() throws Exception {
        String room = roomWithBot();
        String since = sync(null, 0).path("next_batch").asText();
        for (int i = 1; i <= SyncResponder.TIMELINE_LIMIT + 3; i++) {
            alice.say(room, "message " + i);
        }
        JsonNode timeline = sync(since, 0).path("rooms").path("join").path(room).path("timeline");
        assertTrue(timeline.path("limited").asBoolean());
        assertEquals("message 4", timeline.path("events").get(0).path("content").path("body").asText());

        String path = "/_matrix/client/v3/rooms/" + encode(room) + "/messages?dir=b&limit=2&from="
                + encode(timeline.path("prev_batch").asText()) + "&to=" + encode(since);
        JsonNode first = call("GET", path, bot.accessToken(), null).json();
        assertEquals(List.of("message 3", "message 2"), bodies(first.path("chunk")));
        JsonNode second = call("GET", path.replaceFirst("from=[^&]+", "from=" + encode(first.path("end").asText())),
                bot.accessToken(), null).json();
        assertEquals(List.of("message 1"), bodies(second.path("chunk")));
        assertFalse(second.has("end"), "no end token once the gap is filled");
    }

    @Test
    @DisplayName("GIVEN timelines limited to one event WHEN two messages came since the last sync THEN the sync holds "
            + "the newest, flagged limited, and the one before is found by paging back")
    void timelinesCanBeLimitedBelowWhatTheFilterAsks() throws Exception {
        String room = roomWithBot();
        String since = sync(null, 0).path("next_batch").asText();
        standIn.timelineLimit(1);
        alice.say(room, "first");
        alice.say(room, "second");
        JsonNode timeline = sync(since, 0).path("rooms").path("join").path(room).path("timeline");
        assertTrue(timeline.path("limited").asBoolean());
        assertEquals(List.of("second"), bodies(timeline.path("events")));
        JsonNode gap = call("GET", "/_matrix/client/v3/rooms/" + encode(room) + "/messages?dir=b&limit=10&from="
                + encode(timeline.path("prev_batch").asText()) + "&to=" + encode(since), bot.accessToken(), null).json();
        assertEquals(List.of("first"), bodies(gap.path("chunk")));
    }

    @Test
    @DisplayName("GIVEN a file WHEN the bot uploads it to the media repository THEN it gets an mxc URI whose content the test can read back")
    void mediaUpload() throws Exception {
        HttpRequest upload = HttpRequest.newBuilder(URI.create(standIn.baseUri() + "/_matrix/media/v3/upload?filename=export.json"))
                .timeout(WAIT)
                .header("Authorization", "Bearer " + bot.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .build();
        HttpResponse<String> response = http.send(upload, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        String uri = mapper.readTree(response.body()).path("content_uri").asText();
        assertTrue(uri.startsWith("mxc://local/"), uri);
        StoredMedia media = standIn.media(uri).orElseThrow();
        assertEquals("export.json", media.filename());
        assertEquals("application/json", media.contentType());
        assertEquals("{\"a\":1}", media.text());
    }

    @Test
    @DisplayName("GIVEN an invite WHEN the bot rejects it with a reason THEN the leave event carries the reason")
    void rejectWithReason() throws Exception {
        String room = alice.createDirectRoom(BOT);
        ObjectNode reason = mapper.createObjectNode().put("reason", "not for me");
        assertEquals(200, call("POST", "/_matrix/client/v3/rooms/" + encode(room) + "/leave", bot.accessToken(), reason).status());
        List<JsonNode> timeline = standIn.timeline(room);
        JsonNode last = timeline.get(timeline.size() - 1).path("content");
        assertEquals("leave", last.path("membership").asText());
        assertEquals("not for me", last.path("reason").asText());
    }

    private String roomWithBot() {
        String room = alice.createDirectRoom(BOT);
        standIn.user(BOT).join(room);
        return room;
    }

    private Reply send(String room, String txnId, String body) throws Exception {
        ObjectNode content = mapper.createObjectNode().put("msgtype", "m.text").put("body", body);
        return call("PUT", "/_matrix/client/v3/rooms/" + encode(room) + "/send/m.room.message/" + txnId,
                bot.accessToken(), content);
    }

    private JsonNode sync(String since, long timeoutMillis) throws Exception {
        Reply reply = call("GET", syncPath(since, timeoutMillis), bot.accessToken(), null);
        assertEquals(200, reply.status(), reply.json().toString());
        return reply.json();
    }

    private static String syncPath(String since, long timeoutMillis) {
        return "/_matrix/client/v3/sync?timeout=" + timeoutMillis + (since == null ? "" : "&since=" + encode(since));
    }

    private Reply call(String method, String path, String token, JsonNode body) throws Exception {
        HttpResponse<String> response = http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), mapper.readTree(response.body()),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private HttpRequest request(String method, String path, String token, JsonNode body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(standIn.baseUri() + path))
                .timeout(Duration.ofSeconds(8))
                .method(method, publisher)
                .header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static JsonNode findEvent(JsonNode events, String type, String stateKey) {
        for (JsonNode event : events) {
            if (event.path("type").asText().equals(type) && event.path("state_key").asText().equals(stateKey)) {
                return event;
            }
        }
        throw new AssertionError("No " + type + "/" + stateKey + " in " + events);
    }

    private static JsonNode findMessage(JsonNode events, String body) {
        for (JsonNode event : events) {
            if (event.path("content").path("body").asText().equals(body)) {
                return event;
            }
        }
        throw new AssertionError("No message '" + body + "' in " + events);
    }

    private static List<String> bodies(List<JsonNode> contents) {
        return contents.stream().map(c -> c.path("body").asText()).toList();
    }

    private static List<String> bodies(JsonNode events) {
        List<String> out = new java.util.ArrayList<>();
        events.forEach(e -> out.add(e.path("content").path("body").asText()));
        return out;
    }

    private record Reply(int status, JsonNode json, String retryAfter) {
    }
}
