package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import okhttp3.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A local Discord for tests: REST and gateway on 127.0.0.1, driven by real JDA.
 *
 * <p>Start one per test, point JDA at it with {@link #jdaBuilder()} or {@link #configure(JDABuilder)},
 * act as people with {@link #slashCommand}, {@link #clickButton}, {@link #selectMenu} and
 * {@link #submitModal}, then assert on what the bot did through {@link #calls()},
 * {@link #awaitCall} and {@link #awaitMessage}. Shut JDA down before closing the stand-in.
 *
 * <p>Threading: every method may be called from any thread. REST calls are recorded on
 * MockWebServer's connection threads, gateway frames on the stand-in's gateway threads. Every
 * {@code await…} method waits at most the given duration of real (monotonic) time and then
 * fails with an AssertionError listing what was recorded; none waits unbounded.
 */
public final class DiscordStandIn implements AutoCloseable {
    /** JDA shuts down rather than reconnect for longer; 32 s is the least it accepts. */
    private static final int MAX_RECONNECT_DELAY_SECONDS = 32;

    private final StandInState state;
    private final Observers observers = new Observers();
    private final MessageStore messages = new MessageStore(observers);
    private final InteractionRegistry interactions = new InteractionRegistry();
    private final Recorder<RecordedCall> calls = new Recorder<>("REST call");
    private final Recorder<GatewayFrame> gatewayFrames = new Recorder<>("gateway frame");
    private final InteractionPayloads payloads;
    private final GatewayServer gateway;
    private final MockWebServer rest = new MockWebServer();
    private final String restBaseUrl;

    private DiscordStandIn(Builder builder) {
        this.state = new StandInState(builder.clock, builder.token, builder.botName);
        this.payloads = new InteractionPayloads(state);
        this.gateway = new GatewayServer(state, gatewayFrames, builder.heartbeatInterval, observers);
        rest.setServerSocketFactory(new NoDelayServerSockets());
        try {
            rest.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            gateway.close();
            throw new UncheckedIOException("cannot start the REST stand-in", e);
        }
        // Spelled out rather than rest.url(…), which may name the host "localhost".
        String origin = "http://127.0.0.1:" + rest.getPort();
        this.restBaseUrl = origin + RestHandler.API_PATH;
        rest.setDispatcher(new RestHandler(state, messages, interactions, calls, origin, gateway.url(), observers));
    }

    /** A stand-in with default settings, already listening. */
    public static DiscordStandIn start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings for a stand-in; not thread-safe, use it from one thread. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String token = "stand-in-bot-token";
        private String botName = "afterglow";
        private Duration heartbeatInterval = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * The clock for ids, timestamps and recorded times. JDA measures interaction expiry against
         * its own system clock, so a clock far from now makes interaction hooks expire.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The only bot token the stand-in accepts (REST answers 401, the gateway closes 4004). */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public Builder botName(String botName) {
            this.botName = Objects.requireNonNull(botName, "botName");
            return this;
        }

        /** What HELLO tells JDA; JDA heartbeats at once and then at this interval. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /** Starts listening on two free loopback ports, one for REST and one for the gateway. */
        public DiscordStandIn start() {
            return new DiscordStandIn(this);
        }
    }

    public String token() {
        return state.token();
    }

    public StandInUser botUser() {
        return state.bot();
    }

    /** The application id READY announces; it differs from the bot's user id, as on Discord. */
    public long applicationId() {
        return state.applicationId();
    }

    /** What JDA's {@link RestConfig#setBaseUrl} needs, e.g. {@code http://127.0.0.1:1234/api/v10/}. */
    public String restBaseUrl() {
        return restBaseUrl;
    }

    /** The gateway URL, e.g. {@code ws://127.0.0.1:1235/}. */
    public String gatewayUrl() {
        return gateway.url();
    }

    /**
     * A light JDA builder (no intents, no cache) logging in as this stand-in's bot; add listeners
     * and call {@code build()}. See {@link #configure(JDABuilder)} for what is set.
     */
    public JDABuilder jdaBuilder() {
        return configure(JDABuilder.createLight(state.token(), EnumSet.noneOf(GatewayIntent.class)));
    }

    /**
     * Points an existing builder at the stand-in: REST base URL, a session controller that hands
     * out the stand-in's gateway, JSON without compression, the shortest reconnect back-off JDA
     * allows, and no JVM shutdown hook. The token is left alone: use {@link #token()}, or a wrong
     * one to test a refused login.
     */
    public JDABuilder configure(JDABuilder builder) {
        return builder
                .setRestConfig(new RestConfig().setBaseUrl(restBaseUrl))
                .setSessionController(new StandInSessionController(gateway.url()))
                .setCompression(Compression.NONE)
                .setGatewayEncoding(GatewayEncoding.JSON)
                .setMaxReconnectDelay(MAX_RECONNECT_DELAY_SECONDS)
                .setEnableShutdownHook(false);
    }

    /** A new person (not a bot) with a fresh id. */
    public StandInUser addUser(String username) {
        return state.addUser(username);
    }

    /**
     * A new guild with text channels of the given names, the bot a member. Added before the bot
     * logs in, it arrives as part of start-up; added later, by GUILD_CREATE as if the bot joined.
     */
    public StandInGuild addGuild(String name, String... textChannelNames) {
        StandInGuild guild = state.newGuild(name, Arrays.asList(textChannelNames));
        gateway.addGuild(guild);
        return guild;
    }

    /**
     * Like {@link #addGuild}, a guild whose events go to shard {@code shard} of a bot sharded
     * {@code shardTotal} ways, by Discord's formula {@code (guild_id >> 22) % shardTotal}.
     */
    public StandInGuild addGuildOnShard(int shard, int shardTotal, String name, String... textChannelNames) {
        StandInGuild guild = state.newGuildOnShard(shard, shardTotal, name, Arrays.asList(textChannelNames));
        gateway.addGuild(guild);
        return guild;
    }

    /** The shards the bot has identified as, in order: {@code [0]} for a bot that is not sharded. */
    public List<Integer> shards() {
        return gateway.shards();
    }

    /** The bot's DM channel with {@code user}: the same one JDA gets from {@code users/@me/channels}. */
    public StandInDmChannel dmChannel(StandInUser user) {
        return state.dmChannel(user);
    }

    /**
     * The bot's DM channel with {@code user} is gone, as Discord's DM channels now and then are: a
     * message into it fails with 404, Discord error 10003 (Unknown Channel), and opening a DM with
     * {@code user} gives a new channel.
     */
    public void deleteDmChannel(StandInUser user) {
        state.deleteDmChannel(user);
    }

    /** From now on the bot's messages into {@code user}'s DM fail with 403, Discord error 50007. */
    public void closeDms(StandInUser user) {
        state.closeDms(user);
    }

    /** The bot's messages reach {@code user}'s DM again, as after they allowed DMs from the server. */
    public void openDms(StandInUser user) {
        state.openDms(user);
    }

    /** Delays every REST answer by {@code delay} from now on; {@link Duration#ZERO} to stop. */
    public void setResponseDelay(Duration delay) {
        state.responseDelay(Pattern.compile(".*"), delay);
    }

    /**
     * Delays the REST answers to requests whose path (after {@code /api/v10/}) matches
     * {@code pathRegex} as a whole by {@code delay} from now on, each taking effect at once as
     * Discord's would; the others are answered at once.
     */
    public void setResponseDelay(String pathRegex, Duration delay) {
        state.responseDelay(Pattern.compile(pathRegex), delay);
    }

    /**
     * From now on, answers requests made with the bot's token past {@code requestsPerSecond} in
     * a second with 429 and a wait, as Discord's global rate limit does (50 a second for most
     * bots); interaction callbacks and webhooks are not limited. 0 turns it off.
     */
    public void setGlobalRateLimit(int requestsPerSecond) {
        state.globalRateLimit().perSecond(requestsPerSecond);
    }

    /** The requests refused so far for the global rate limit. */
    public int globallyRateLimited() {
        return state.globalRateLimit().refused();
    }

    /**
     * From now on, answers the bot's login ({@code GET users/@me}) with {@code status} and Discord's
     * error body, as an outage (5xx) or a refusal (4xx) would; 0 to answer as usual.
     */
    public void failLogin(int status) {
        state.loginFailure(status);
    }

    /** From now on, {@code observer} hears of every dispatched interaction, callback and message change. */
    public void observe(StandInObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** Every REST call so far, oldest first. */
    public List<RecordedCall> calls() {
        return calls.snapshot();
    }

    /** The REST calls so far whose path matches {@code pathRegex} as a whole, oldest first. */
    public List<RecordedCall> callsTo(String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return calls.snapshot().stream().filter(call -> pattern.matcher(call.path()).matches()).toList();
    }

    /** The first REST call, made already or within {@code timeout}, that matches. */
    public RecordedCall awaitCall(Predicate<? super RecordedCall> predicate, Duration timeout) {
        return calls.await(predicate, timeout);
    }

    /** Every message the bot created, in creation order, each as last edited. */
    public List<StandInMessage> messages() {
        return messages.snapshot();
    }

    /** The first message whose current state matches, now or after a create or edit within {@code timeout}. */
    public StandInMessage awaitMessage(Predicate<? super StandInMessage> predicate, Duration timeout) {
        return messages.await(predicate, timeout);
    }

    /**
     * What the bot answered {@code interaction} with, as it is now: its original message and then
     * its follow-ups, oldest first. As on Discord, a component's original message is the one the
     * component is on, unless the bot responded with a new message, which then is the original.
     */
    public List<StandInMessage> repliesTo(SentInteraction interaction) {
        List<Long> ids = new ArrayList<>();
        interactions.originalMessage(interaction.id()).ifPresent(ids::add);
        ids.addAll(interactions.followUps(interaction.id()));
        List<StandInMessage> replies = new ArrayList<>();
        for (long id : ids) {
            messages.get(id).ifPresent(json -> replies.add(new StandInMessage(id,
                    Long.parseUnsignedLong(json.get("channel_id").asText()), json)));
        }
        return replies;
    }

    /** Every payload the bot sent over the gateway so far, oldest first. */
    public List<GatewayFrame> gatewayFrames() {
        return gatewayFrames.snapshot();
    }

    /** The first gateway payload from the bot, sent already or within {@code timeout}, that matches. */
    public GatewayFrame awaitGatewayFrame(Predicate<? super GatewayFrame> predicate, Duration timeout) {
        return gatewayFrames.await(predicate, timeout);
    }

    /**
     * Sends dispatch {@code type} with {@code data} in the current gateway session; while the bot
     * is disconnected it is kept and replayed when the bot resumes. Throws IllegalStateException
     * before the bot's first IDENTIFY.
     */
    public void dispatch(String type, JsonNode data) {
        gateway.dispatch(Objects.requireNonNull(type, "type"), Objects.requireNonNull(data, "data").deepCopy());
    }

    /** Cuts the bot's gateway connection without a close frame; it may resume the session. */
    public void dropGateway() {
        gateway.dropConnections();
    }

    /**
     * {@code user} runs a slash command in {@code where}. {@code commandPath} is what they typed
     * without the slash, e.g. {@code "pair"} or {@code "checkin start"} (a subcommand). The command
     * id is the one the bot registered under that name, if it did.
     */
    public SentInteraction slashCommand(StandInChannel where, StandInUser user, String commandPath,
                                        SlashOption... options) {
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.slashCommand(id, token, where, user, commandPath, List.of(options));
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_APPLICATION_COMMAND,
                where, 0), payload);
    }

    /**
     * {@code user} clicks the button {@code customId} on {@code message}, in its current state.
     * Throws IllegalArgumentException if the message has no component with that id.
     */
    public SentInteraction clickButton(StandInUser user, StandInMessage message, String customId) {
        ObjectNode current = currentWithComponent(message, customId);
        StandInChannel where = channelOf(message);
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.buttonClick(id, token, where, user, current, customId);
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_MESSAGE_COMPONENT,
                where, message.id()), payload);
    }

    /** {@code user} picks {@code values} in the string select menu {@code customId} on {@code message}. */
    public SentInteraction selectMenu(StandInUser user, StandInMessage message, String customId, String... values) {
        ObjectNode current = currentWithComponent(message, customId);
        StandInChannel where = channelOf(message);
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.stringSelect(id, token, where, user, current, customId, List.of(values));
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_MESSAGE_COMPONENT,
                where, message.id()), payload);
    }

    /**
     * {@code user} submits modal {@code modalId} in {@code where}, with text input custom ids
     * mapped to what they typed, in the map's iteration order.
     */
    public SentInteraction submitModal(StandInChannel where, StandInUser user, String modalId,
                                       Map<String, String> textInputs) {
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.modalSubmit(id, token, where, user, null, modalId, textInputs);
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_MODAL_SUBMIT,
                where, 0), payload);
    }

    /**
     * {@code user} submits modal {@code modalId} that a component on {@code from} opened: Discord
     * then includes that message, and the bot may update it as it would for a button click.
     */
    public SentInteraction submitModal(StandInUser user, StandInMessage from, String modalId,
                                       Map<String, String> textInputs) {
        ObjectNode current = messages.get(from.id())
                .orElseThrow(() -> new IllegalArgumentException("the bot never sent message " + from.id()));
        StandInChannel where = channelOf(from);
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.modalSubmit(id, token, where, user, current, modalId, textInputs);
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_MODAL_SUBMIT,
                where, from.id()), payload);
    }

    /**
     * {@code user} sends a click on {@code customId} from {@code carrier}, a message in a channel
     * they can use, although {@code carrier} has no such component: what a modified client or a
     * replayed request could send with a custom id copied from someone else's message. Discord
     * itself only lets people click what is on a message they can see.
     */
    public SentInteraction forgeButtonClick(StandInUser user, StandInMessage carrier, String customId) {
        ObjectNode current = messages.get(carrier.id())
                .orElseThrow(() -> new IllegalArgumentException("the bot never sent message " + carrier.id()));
        StandInChannel where = channelOf(carrier);
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.buttonClick(id, token, where, user, current, customId);
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_MESSAGE_COMPONENT,
                where, carrier.id()), payload);
    }

    /**
     * {@code user} sends a pick of {@code values} in select menu {@code customId} from
     * {@code carrier}, although {@code carrier} has no such menu: like
     * {@link #forgeButtonClick}, for a load that must reach a bot which never renders menus.
     */
    public SentInteraction forgeSelectMenu(StandInUser user, StandInMessage carrier, String customId, String... values) {
        ObjectNode current = messages.get(carrier.id())
                .orElseThrow(() -> new IllegalArgumentException("the bot never sent message " + carrier.id()));
        StandInChannel where = channelOf(carrier);
        long id = state.nextId();
        String token = tokenFor(id);
        ObjectNode payload = payloads.stringSelect(id, token, where, user, current, customId, List.of(values));
        return deliver(new InteractionRegistry.Interaction(id, token, InteractionPayloads.TYPE_MESSAGE_COMPONENT,
                where, carrier.id()), payload);
    }

    /**
     * Dispatches the same interaction again, same id and token, as Discord occasionally does. Only
     * the first callback for it succeeds; later ones get 400, Discord error 40060.
     */
    public void deliverAgain(SentInteraction interaction) {
        gateway.dispatch("INTERACTION_CREATE", interaction.payload().deepCopy());
    }

    /** Stops both servers and cuts any connection still open. Shut JDA down first. */
    @Override
    public void close() {
        gateway.close();
        try {
            rest.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException("the REST stand-in did not stop", e);
        }
    }

    private SentInteraction deliver(InteractionRegistry.Interaction interaction, ObjectNode payload) {
        interactions.register(interaction);
        gateway.dispatch("INTERACTION_CREATE", payload.deepCopy());
        return new SentInteraction(interaction.id(), interaction.token(), payload);
    }

    private ObjectNode currentWithComponent(StandInMessage message, String customId) {
        ObjectNode current = messages.get(message.id())
                .orElseThrow(() -> new IllegalArgumentException("the bot never sent message " + message.id()));
        StandInMessage latest = new StandInMessage(message.id(), message.channelId(), current);
        if (!latest.componentIds().contains(customId)) {
            throw new IllegalArgumentException("message " + message.id() + " has no component " + customId
                    + "; it has " + latest.componentIds());
        }
        return current;
    }

    private StandInChannel channelOf(StandInMessage message) {
        return state.channel(message.channelId())
                .orElseThrow(() -> new IllegalArgumentException("unknown channel " + message.channelId()));
    }

    /** Unique and safe in a URL path, which is all JDA and the stand-in need of a token. */
    private static String tokenFor(long interactionId) {
        return "interaction-token-" + Long.toUnsignedString(interactionId);
    }
}
