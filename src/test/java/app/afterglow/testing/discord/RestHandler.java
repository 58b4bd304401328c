package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers JDA's REST calls the way Discord would, for the routes a bot uses to log in, register
 * commands, answer interactions and send (direct) messages; anything else gets Discord's 404.
 *
 * <p>Runs on MockWebServer's connection threads, several at once; it answers one call at a time
 * and records it in {@code calls} before anyone can read the calls again, then MockWebServer
 * sends the answer (after any delay).
 */
final class RestHandler extends Dispatcher {
    static final String API_PATH = "/api/v10/";

    private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?:^|;)\\s*filename=\"([^\"]*)\"");
    private static final int CALLBACK_MESSAGE = 4;
    private static final int CALLBACK_DEFERRED_MESSAGE = 5;
    private static final int CALLBACK_UPDATE_MESSAGE = 7;
    private static final int FLAG_LOADING = 1 << 7;
    private static final String ORIGINAL = "@original";
    private static final Pattern CALLBACK = Pattern.compile("interactions/(\\d+)/[^/]+/callback");

    private final StandInState state;
    private final MessageStore messages;
    private final InteractionRegistry interactions;
    private final Recorder<RecordedCall> calls;
    private final String origin;
    private final String gatewayUrl;
    private final StandInObserver observer;
    private final List<Route> routes = new ArrayList<>();

    /**
     * @param origin     where this handler is served, e.g. {@code http://127.0.0.1:1234}, for attachment URLs
     * @param gatewayUrl what {@code gateway/bot} hands out
     */
    RestHandler(StandInState state, MessageStore messages, InteractionRegistry interactions,
                Recorder<RecordedCall> calls, String origin, String gatewayUrl, StandInObserver observer) {
        this.state = Objects.requireNonNull(state, "state");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.interactions = Objects.requireNonNull(interactions, "interactions");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        this.observer = Objects.requireNonNull(observer, "observer");

        route("GET", "users/@me", true, call -> state.loginFailure() == 0 ? ok(Entities.selfUser(state.bot()))
                : new Reply(state.loginFailure(), Entities.error(0, state.loginFailure() + ": login failed")));
        route("POST", "users/@me/channels", true, this::openDm);
        route("GET", "users/(\\d+)", true, this::getUser);
        route("GET", "gateway", false, call -> ok(Entities.object().put("url", gatewayUrl)));
        route("GET", "gateway/bot", true, call -> ok(gatewayBot()));
        route("GET", "(?:oauth2/)?applications/@me", true, call -> ok(application()));
        route("PUT", "applications/(\\d+)/commands", true, call -> replaceCommands(call, false));
        route("GET", "applications/(\\d+)/commands", true, call -> listCommands(call, false));
        route("PUT", "applications/(\\d+)/guilds/(\\d+)/commands", true, call -> replaceCommands(call, true));
        route("GET", "applications/(\\d+)/guilds/(\\d+)/commands", true, call -> listCommands(call, true));
        // Interaction callbacks and webhooks are authorised by their token, not the bot's.
        route("POST", "interactions/(\\d+)/([^/]+)/callback", false, this::callback);
        route("POST", "webhooks/(\\d+)/([^/]+)", false, this::followUp);
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            route(method, "webhooks/(\\d+)/([^/]+)/messages/(@original|\\d+)", false, this::webhookMessage);
            route(method, "channels/(\\d+)/messages/(\\d+)", true, this::channelMessage);
        }
        route("GET", "channels/(\\d+)", true, this::getChannel);
        route("POST", "channels/(\\d+)/messages", true, this::sendMessage);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long arrived = System.nanoTime();
        HttpUrl url = Objects.requireNonNull(request.getRequestUrl(), "request URL");
        String method = Objects.requireNonNull(request.getMethod(), "method");
        String path = apiPath(url);
        Reply reply;
        Body body = new Body(NullNode.getInstance(), List.of());
        // Readers of the recorded calls wait while a call is answered: whatever a test sees of a
        // call's effect (a message edited, a DM sent), the call itself is already recorded.
        synchronized (calls) {
            try {
                body = Body.parse(request);
                reply = answer(method, path, url, body, request.getHeader("Authorization"));
            } catch (UncheckedIOException e) {
                reply = new Reply(400, Entities.error(50109, "The request body contains invalid JSON."));
            } catch (RuntimeException e) {
                // A stand-in bug. Not a 5xx: JDA would retry those for seconds before failing the test.
                LOG.error("The stand-in failed on {} {}", method, path, e);
                reply = new Reply(400, Entities.error(0, "stand-in failure: " + e));
            }
            Matcher callback = CALLBACK.matcher(path);
            if (method.equals("POST") && callback.matches()) {
                observer.callbackArrived(Long.parseUnsignedLong(callback.group(1)), reply.status(), body.json(), arrived);
            }
            calls.add(new RecordedCall(method, path, Optional.ofNullable(url.encodedQuery()).orElse(""), body.json(),
                    body.uploads().stream().map(Upload::fileName).toList(), reply.status(), state.clock().instant()));
        }

        MockResponse response = new MockResponse().setResponseCode(reply.status());
        reply.headers().forEach(response::setHeader);
        if (reply.json() != null) {
            response.setHeader("Content-Type", "application/json").setBody(Entities.write(reply.json()));
        }
        Duration delay = state.responseDelay(path);
        if (!delay.isZero()) {
            response.setHeadersDelay(delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        return response;
    }

    private Reply answer(String method, String path, HttpUrl url, Body body, String authorization) {
        for (Route route : routes) {
            Matcher match = route.path().matcher(path);
            if (!route.method().equals(method) || !match.matches()) {
                continue;
            }
            if (route.needsBotToken() && !("Bot " + state.token()).equals(authorization)) {
                return new Reply(401, Entities.error(0, "401: Unauthorized"));
            }
            if (route.needsBotToken()) {
                Optional<Duration> wait = state.globalRateLimit().take();
                if (wait.isPresent()) {
                    return globallyLimited(wait.get());
                }
            }
            return route.handler().handle(new Call(method, url, body.json(), body.uploads(), match));
        }
        return new Reply(404, Entities.error(0, "404: Not Found"));
    }

    /**
     * Discord's answer past its global limit: the wait in the body in seconds with decimals, in
     * {@code Retry-After} rounded up to whole seconds, the global headers, and {@code Via}, without
     * which JDA takes a 429 for Cloudflare's ban of the whole host.
     */
    private static Reply globallyLimited(Duration wait) {
        double seconds = wait.toNanos() / 1e9;
        ObjectNode json = Entities.object();
        json.put("message", "You are being rate limited.");
        json.put("retry_after", Math.round(seconds * 1000) / 1000.0);
        json.put("global", true);
        json.put("code", 0);
        return new Reply(429, json, Map.of("Retry-After", Long.toString((long) Math.max(1, Math.ceil(seconds))),
                "X-RateLimit-Global", "true", "X-RateLimit-Scope", "global", "Via", "1.1 google"));
    }

    /** The path relative to the API base, decoded, e.g. {@code users/@me}; unchanged if outside it. */
    private static String apiPath(HttpUrl url) {
        List<String> segments = url.pathSegments();
        boolean underApi = url.encodedPath().startsWith(API_PATH);
        return String.join("/", underApi ? segments.subList(2, segments.size()) : segments);
    }

    private void route(String method, String pathRegex, boolean needsBotToken, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), needsBotToken, handler));
    }

    private Reply openDm(Call call) {
        long recipientId = Long.parseUnsignedLong(call.json().path("recipient_id").asText("0"));
        Optional<StandInUser> recipient = state.user(recipientId).filter(user -> !user.bot());
        if (recipient.isEmpty()) {
            return new Reply(400, Entities.error(50033, "Invalid Recipient(s)"));
        }
        StandInDmChannel channel = state.dmChannel(recipient.get());
        return ok(Entities.dmChannel(channel, recipient.get()));
    }

    private Reply getUser(Call call) {
        return state.user(call.id(1))
                .map(user -> ok(Entities.user(user)))
                .orElseGet(() -> new Reply(404, Entities.error(10013, "Unknown User")));
    }

    private ObjectNode gatewayBot() {
        ObjectNode json = Entities.object().put("url", gatewayUrl).put("shards", 1);
        json.putObject("session_start_limit")
                .put("total", 1000).put("remaining", 1000).put("reset_after", 0).put("max_concurrency", 1);
        return json;
    }

    private ObjectNode application() {
        ObjectNode json = Entities.object();
        json.put("id", Entities.id(state.applicationId()));
        json.put("name", state.bot().username());
        json.putNull("icon");
        json.put("description", "");
        json.put("summary", "");
        json.put("bot_public", false);
        json.put("bot_require_code_grant", false);
        json.put("verify_key", "");
        json.put("flags", 0);
        json.set("owner", Entities.user(state.bot()));
        json.putNull("team");
        json.set("bot", Entities.user(state.bot()));
        return json;
    }

    private Reply replaceCommands(Call call, boolean guildScoped) {
        Optional<Reply> problem = checkScope(call, guildScoped);
        if (problem.isPresent()) {
            return problem.get();
        }
        if (!call.json().isArray()) {
            return new Reply(400, Entities.error(50035, "Invalid Form Body"));
        }
        return ok(state.replaceCommands(guildScoped ? call.id(2) : 0, call.json()));
    }

    private Reply listCommands(Call call, boolean guildScoped) {
        return checkScope(call, guildScoped).orElseGet(() -> ok(state.commands(guildScoped ? call.id(2) : 0)));
    }

    private Optional<Reply> checkScope(Call call, boolean guildScoped) {
        if (call.id(1) != state.applicationId()) {
            return Optional.of(new Reply(404, Entities.error(10002, "Unknown Application")));
        }
        if (guildScoped && state.guild(call.id(2)).isEmpty()) {
            return Optional.of(new Reply(404, Entities.error(10004, "Unknown Guild")));
        }
        return Optional.empty();
    }

    private Reply callback(Call call) {
        long id = call.id(1);
        String token = call.match().group(2);
        switch (interactions.acknowledge(id, token)) {
            case UNKNOWN:
                return new Reply(404, Entities.error(10062, "Unknown interaction"));
            case ALREADY_ACKNOWLEDGED:
                return new Reply(400, Entities.error(40060, "Interaction has already been acknowledged."));
            default:
                break;
        }
        InteractionRegistry.Interaction interaction = interactions.byToken(token).orElseThrow();
        int type = call.json().path("type").asInt();
        JsonNode data = call.json().path("data");
        ObjectNode message = null;
        if (type == CALLBACK_MESSAGE) {
            message = createMessage(interaction.channel(), data, call.uploads(), true);
            interactions.setOriginalMessage(interaction, id(message));
        } else if (type == CALLBACK_DEFERRED_MESSAGE) {
            ObjectNode placeholder = Entities.object()
                    .put("flags", (data.path("flags").asInt(0) & StandInMessage.EPHEMERAL) | FLAG_LOADING);
            message = createMessage(interaction.channel(), placeholder, List.of(), true);
            interactions.setOriginalMessage(interaction, id(message));
        } else if (type == CALLBACK_UPDATE_MESSAGE && interaction.sourceMessageId() != 0) {
            message = messages.update(interaction.sourceMessageId(), edit(data, call.uploads())).orElse(null);
        }

        if (!"true".equals(call.url().queryParameter("with_response"))) {
            // Discord's API v10 returns the callback's outcome only to those who ask for it.
            return new Reply(204, null);
        }
        ObjectNode answer = Entities.object();
        ObjectNode callback = answer.putObject("interaction").put("id", Entities.id(id)).put("type", interaction.type());
        ObjectNode resource = answer.putObject("resource").put("type", type);
        if (message != null) {
            int flags = message.path("flags").asInt(0);
            callback.put("response_message_id", message.get("id").asText())
                    .put("response_message_loading", (flags & FLAG_LOADING) != 0)
                    .put("response_message_ephemeral", (flags & StandInMessage.EPHEMERAL) != 0);
            resource.set("message", message);
        }
        return ok(answer);
    }

    private Reply followUp(Call call) {
        Optional<InteractionRegistry.Interaction> interaction = webhookInteraction(call);
        if (interaction.isEmpty()) {
            return unknownWebhook();
        }
        ObjectNode message = createMessage(interaction.get().channel(), call.json(), call.uploads(), true);
        interactions.addFollowUp(interaction.get(), id(message));
        return ok(message);
    }

    private Reply webhookMessage(Call call) {
        Optional<InteractionRegistry.Interaction> interaction = webhookInteraction(call);
        if (interaction.isEmpty()) {
            return unknownWebhook();
        }
        String which = call.match().group(3);
        Optional<Long> messageId = ORIGINAL.equals(which)
                ? interactions.originalMessage(interaction.get())
                : Optional.of(Long.parseUnsignedLong(which));
        return messageId.map(id -> onMessage(call, id)).orElseGet(RestHandler::unknownMessage);
    }

    private Optional<InteractionRegistry.Interaction> webhookInteraction(Call call) {
        if (call.id(1) != state.applicationId()) {
            return Optional.empty();
        }
        return interactions.byToken(call.match().group(2));
    }

    private Reply getChannel(Call call) {
        return state.channel(call.id(1))
                .map(channel -> ok(channelJson(channel)))
                .orElseGet(RestHandler::unknownChannel);
    }

    private Reply sendMessage(Call call) {
        Optional<StandInChannel> channel = state.channel(call.id(1));
        if (channel.isEmpty()) {
            return unknownChannel();
        }
        if (channel.get() instanceof StandInDmChannel dm && state.dmsClosed(dm.recipient())) {
            return new Reply(403, Entities.error(50007, "Cannot send messages to this user"));
        }
        return ok(createMessage(channel.get(), call.json(), call.uploads(), false));
    }

    private Reply channelMessage(Call call) {
        long channelId = call.id(1);
        long messageId = call.id(2);
        boolean inChannel = messages.get(messageId)
                .map(message -> message.get("channel_id").asText().equals(Entities.id(channelId)))
                .orElse(false);
        return inChannel ? onMessage(call, messageId) : unknownMessage();
    }

    /** GET, PATCH or DELETE one stored message, as the call's method says. */
    private Reply onMessage(Call call, long messageId) {
        if (call.method().equals("DELETE")) {
            return messages.remove(messageId) ? new Reply(204, null) : unknownMessage();
        }
        Optional<ObjectNode> result = call.method().equals("GET")
                ? messages.get(messageId)
                : messages.update(messageId, edit(call.json(), call.uploads()));
        return result.map(RestHandler::ok).orElseGet(RestHandler::unknownMessage);
    }

    private ObjectNode channelJson(StandInChannel channel) {
        if (channel instanceof StandInTextChannel text) {
            return Entities.textChannel(text, state.position(text));
        }
        StandInDmChannel dm = (StandInDmChannel) channel;
        return Entities.dmChannel(dm, dm.recipient());
    }

    /** Stores and returns a new message by the bot; interaction messages come from the app's webhook. */
    private ObjectNode createMessage(StandInChannel channel, JsonNode request, List<Upload> uploads,
                                     boolean fromInteraction) {
        long messageId = state.nextId();
        ObjectNode message = Entities.object();
        message.put("id", Entities.id(messageId));
        message.put("type", 0);
        message.put("channel_id", Entities.id(channel.id()));
        if (channel instanceof StandInTextChannel text) {
            message.put("guild_id", Entities.id(text.guildId()));
        }
        message.set("author", Entities.user(state.bot()));
        message.put("content", text(request.path("content")));
        message.put("timestamp", Entities.timestamp(state.clock().instant()));
        message.putNull("edited_timestamp");
        message.put("tts", false);
        message.put("mention_everyone", false);
        message.putArray("mentions");
        message.putArray("mention_roles");
        message.put("pinned", false);
        message.set("embeds", embeds(request.path("embeds")));
        message.set("components", request.path("components").isArray()
                ? request.get("components").deepCopy() : Entities.JSON.createArrayNode());
        message.set("attachments", attachments(channel.id(), request.path("attachments"), uploads,
                Entities.JSON.createArrayNode()));
        message.put("flags", request.path("flags").asInt(0));
        if (fromInteraction) {
            message.put("webhook_id", Entities.id(state.applicationId()));
            message.put("application_id", Entities.id(state.applicationId()));
        }
        messages.add(message);
        return message;
    }

    /** An edit as Discord applies it: given fields replace, absent ones stay; ephemerality is fixed. */
    private UnaryOperator<ObjectNode> edit(JsonNode request, List<Upload> uploads) {
        return message -> {
            if (request.has("content")) {
                message.put("content", text(request.get("content")));
            }
            if (request.has("embeds")) {
                message.set("embeds", embeds(request.get("embeds")));
            }
            if (request.path("components").isArray()) {
                message.set("components", request.get("components").deepCopy());
            }
            if (request.has("attachments") || !uploads.isEmpty()) {
                long channelId = Long.parseUnsignedLong(message.get("channel_id").asText());
                message.set("attachments",
                        attachments(channelId, request.path("attachments"), uploads, message.path("attachments")));
            }
            int kept = message.path("flags").asInt(0) & StandInMessage.EPHEMERAL;
            int asked = request.path("flags").asInt(message.path("flags").asInt(0));
            message.put("flags", kept | (asked & ~(StandInMessage.EPHEMERAL | FLAG_LOADING)));
            message.put("edited_timestamp", Entities.timestamp(state.clock().instant()));
            return message;
        };
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }

    private static ArrayNode embeds(JsonNode requested) {
        ArrayNode embeds = Entities.JSON.createArrayNode();
        for (JsonNode embed : requested) {
            ObjectNode copy = embed.deepCopy();
            if (!copy.has("type")) {
                copy.put("type", "rich"); // Discord's default, which JDA requires
            }
            embeds.add(copy);
        }
        return embeds;
    }

    /**
     * The attachment list after a create or edit. {@code requested} entries name either a kept
     * attachment (its snowflake) or a new upload (its index among the file parts); uploads no
     * entry names are attached as well. Without {@code requested}, existing attachments stay.
     */
    private ArrayNode attachments(long channelId, JsonNode requested, List<Upload> uploads, JsonNode existing) {
        ArrayNode result = Entities.JSON.createArrayNode();
        Set<Integer> used = new HashSet<>();
        if (requested.isArray()) {
            for (JsonNode entry : requested) {
                String id = entry.path("id").asText();
                Optional<JsonNode> kept = find(existing, id);
                if (kept.isPresent()) {
                    result.add(kept.get().deepCopy());
                } else if (id.matches("\\d+") && Integer.parseInt(id) < uploads.size() && used.add(Integer.parseInt(id))) {
                    Upload upload = uploads.get(Integer.parseInt(id));
                    result.add(attachment(channelId, entry.path("filename").asText(upload.fileName()), upload));
                }
            }
        } else {
            existing.forEach(attachment -> result.add(attachment.deepCopy()));
        }
        for (int index = 0; index < uploads.size(); index++) {
            if (used.add(index)) {
                result.add(attachment(channelId, uploads.get(index).fileName(), uploads.get(index)));
            }
        }
        return result;
    }

    private ObjectNode attachment(long channelId, String fileName, Upload upload) {
        long id = state.nextId();
        String url = origin + "/attachments/" + channelId + "/" + id + "/" + fileName;
        ObjectNode json = Entities.object();
        json.put("id", Entities.id(id));
        json.put("filename", fileName);
        json.put("size", upload.size());
        json.put("url", url);
        json.put("proxy_url", url);
        if (upload.contentType() != null) {
            json.put("content_type", upload.contentType());
        }
        return json;
    }

    private static Optional<JsonNode> find(JsonNode attachments, String id) {
        for (JsonNode attachment : attachments) {
            if (attachment.path("id").asText().equals(id)) {
                return Optional.of(attachment);
            }
        }
        return Optional.empty();
    }

    private static long id(JsonNode message) {
        return Long.parseUnsignedLong(message.get("id").asText());
    }

    private static Reply ok(JsonNode json) {
        return new Reply(200, json);
    }

    private static Reply unknownChannel() {
        return new Reply(404, Entities.error(10003, "Unknown Channel"));
    }

    private static Reply unknownMessage() {
        return new Reply(404, Entities.error(10008, "Unknown Message"));
    }

    private static Reply unknownWebhook() {
        return new Reply(404, Entities.error(10015, "Unknown Webhook"));
    }

    /** @param json the body, or null for 204 No Content */
    private record Reply(int status, JsonNode json, Map<String, String> headers) {
        Reply(int status, JsonNode json) {
            this(status, json, Map.of());
        }
    }

    private record Route(String method, Pattern path, boolean needsBotToken, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        Reply handle(Call call);
    }

    private record Upload(String fileName, String contentType, long size) {
    }

    private record Call(String method, HttpUrl url, JsonNode json, List<Upload> uploads, Matcher match) {
        long id(int group) {
            return Long.parseUnsignedLong(match.group(group));
        }
    }

    /** A request body: JSON (a multipart request's {@code payload_json}) plus any uploaded files. */
    private record Body(JsonNode json, List<Upload> uploads) {
        static Body parse(RecordedRequest request) {
            Buffer raw = request.getBody().clone();
            if (raw.size() == 0) {
                return new Body(NullNode.getInstance(), List.of());
            }
            String contentType = request.getHeader("Content-Type");
            MediaType mediaType = contentType == null ? null : MediaType.parse(contentType);
            if (mediaType == null || !mediaType.type().equals("multipart")) {
                return new Body(Entities.parse(raw.readByteArray()), List.of());
            }
            JsonNode json = NullNode.getInstance();
            List<Upload> uploads = new ArrayList<>();
            try (MultipartReader reader = new MultipartReader(raw, Objects.requireNonNull(mediaType.parameter("boundary")))) {
                MultipartReader.Part next;
                while ((next = reader.nextPart()) != null) {
                    try (MultipartReader.Part part = next) {
                        String disposition = Optional.ofNullable(part.headers().get("Content-Disposition")).orElse("");
                        String name = parameter(NAME, disposition);
                        String fileName = parameter(FILE_NAME, disposition);
                        byte[] bytes = part.body().readByteArray();
                        if ("payload_json".equals(name)) {
                            json = Entities.parse(bytes);
                        } else if (fileName != null) {
                            uploads.add(new Upload(fileName, part.headers().get("Content-Type"), bytes.length));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable multipart body", e);
            }
            return new Body(json, uploads);
        }

        private static String parameter(Pattern pattern, String disposition) {
            Matcher match = pattern.matcher(disposition);
            return match.find() ? match.group(1) : null;
        }
    }
}
