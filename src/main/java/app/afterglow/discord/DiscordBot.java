package app.afterglow.discord;

import app.afterglow.config.DiscordConfig;
import app.afterglow.config.DiscordShards;
import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.util.Backoff;
import app.afterglow.core.util.DaemonThreads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The running Discord bot: logs in through JDA, registers the commands, routes interactions to
 * the core and delivers the core's DMs. Start it with {@link #start}, give {@link #messenger()} to
 * whatever delivers the outbox on a schedule, and {@link #close()} it before closing storage.
 *
 * <p>Kept small on purpose: no optional gateway intent at all (interactions need none; the
 * server list JDA always receives tells the bot where to register its commands), nothing cached
 * beyond that list, and an uncompressed gateway, which for this little traffic saves the
 * inflater's memory. A bot in 2,500 servers or more must be sharded: with {@code discord.shards}
 * set, JDA's shard manager runs this process's shards, each a connection like the one above,
 * sharing the listeners, the worker and the DM channels. Thread-safe.
 */
public final class DiscordBot implements AutoCloseable {
    /**
     * None: the bot answers only through interactions, which need no channel permission, and in
     * DMs, which need none in a server. It never reads, posts or manages anything in a server.
     */
    static final Set<Permission> PERMISSIONS = EnumSet.noneOf(Permission.class);
    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long after the bot is ready it registers its commands (see {@link CommandRegistration}):
     * well after the start's first answers, which come within a fraction of a second of it.
     */
    public static final Duration COMMANDS_AFTER_START = Duration.ofSeconds(2);
    /** Login retries: from about a second, doubling, at least once a minute while Discord is away. */
    private static final Duration RETRY_BASE = Duration.ofSeconds(1);
    private static final Duration RETRY_CAP = Duration.ofMinutes(1);

    private final Connection connection;
    private final ExecutorService worker;
    private final ExecutorService replying;
    private final ExecutorService delivery;
    private final MessageRenderer renderer;
    private final DmChannels channels;
    private final RepliesInFlight answers;
    private final Lifecycle lifecycle;

    private DiscordBot(Connection connection, ExecutorService worker, ExecutorService replying, ExecutorService delivery,
                       MessageRenderer renderer, DmChannels channels, RepliesInFlight answers, Lifecycle lifecycle) {
        this.connection = connection;
        this.worker = worker;
        this.replying = replying;
        this.delivery = delivery;
        this.renderer = renderer;
        this.channels = channels;
        this.answers = answers;
        this.lifecycle = lifecycle;
    }

    /** Discord refused the bot token; the message says what to fix, never the token. */
    public static final class TokenRefused extends Exception {
        TokenRefused(String message) {
            super(message);
        }
    }

    /**
     * Logs in and connects. Returns once Discord accepted the token; the gateway connects in the
     * background, and JDA keeps reconnecting if it drops. Until Discord answers, the login is
     * retried with a randomised backoff, each attempt logged with the HTTP status Discord gave (a
     * 5xx or 429) or the network failure. {@code onReady} gets the invite URL once the bot is
     * connected, on JDA's event thread. Blocks the calling thread; interrupt it to give up.
     *
     * <p>The start's commands are registered {@code commandsAfterStart} after the bot is ready
     * ({@link #COMMANDS_AFTER_START} in the program).
     *
     * @throws TokenRefused        if Discord answers the login with a 4xx other than 429
     * @throws InterruptedException if the calling thread is interrupted while it retries
     */
    public static DiscordBot start(DiscordConfig config, Afterglow afterglow, Duration commandsAfterStart,
                                   Consumer<String> onReady) throws TokenRefused, InterruptedException {
        Objects.requireNonNull(afterglow, "afterglow");
        return start(config, CompletableFuture.completedFuture(afterglow), new CountDownLatch(0), commandsAfterStart,
                onReady);
    }

    /**
     * Like {@link #start(DiscordConfig, Afterglow, Duration, Consumer)}, for a core that is still being made
     * (its storage opening) while the bot logs in, so the two overlap: interactions are taken
     * from the start and handled once {@code afterglow} is done, acknowledged meanwhile as any slow
     * answer is; if it fails, they are not handled. The commands are registered once the core is
     * done, as {@code /checkin} offers its question sets; the login waits for neither. Everything
     * up to the connection is made at once, and the bot connects once {@code mayConnect} is down to
     * zero: the program makes the bot while it checks that no other copy runs on its data.
     */
    public static DiscordBot start(DiscordConfig config, CompletableFuture<Afterglow> afterglow,
                                   CountDownLatch mayConnect, Consumer<String> onReady)
            throws TokenRefused, InterruptedException {
        return start(config, afterglow, mayConnect, COMMANDS_AFTER_START, onReady);
    }

    private static DiscordBot start(DiscordConfig config, CompletableFuture<Afterglow> afterglow,
                                    CountDownLatch mayConnect, Duration commandsAfterStart, Consumer<String> onReady)
            throws TokenRefused, InterruptedException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mayConnect, "mayConnect");
        Objects.requireNonNull(commandsAfterStart, "commandsAfterStart");
        Objects.requireNonNull(afterglow, "afterglow");
        Objects.requireNonNull(onReady, "onReady");
        ExecutorService worker = daemon("afterglow-discord");
        ExecutorService replying = daemon("afterglow-discord-replies");
        ExecutorService delivery = daemon("afterglow-discord-delivery");
        MessageRenderer renderer = new MessageRenderer();
        DmChannels channels = new DmChannels();
        RepliesInFlight answers = new RepliesInFlight();
        Deliveries deliveries = new Deliveries(delivery, answers, renderer, channels);
        CompletableFuture<SlashCommands> commands = afterglow.thenApply(core -> new SlashCommands(core.startableSets()));
        // Not RandomGenerator.getDefault(): finding it loads every generator the JDK has, about 20 ms
        // on the way to the login. Used on this thread only.
        Backoff backoff = new Backoff(RETRY_BASE, RETRY_CAP, new SplittableRandom());
        for (int attempt = 1; ; attempt++) {
            LoginStatus status = new LoginStatus();
            // New each attempt: a JDA that failed to log in may still tell its listeners it shut down.
            Lifecycle lifecycle = new Lifecycle(onReady, config.shards().map(DiscordShards::count).orElse(1));
            Object[] listeners = {new CommandRegistration(commands, commandsAfterStart),
                    new InteractionRouter(afterglow, renderer, answers, deliveries, worker, replying), lifecycle};
            String failure;
            try {
                Connection connection = config.shards().isPresent()
                        ? sharded(config, config.shards().get(), status, listeners, mayConnect)
                        : single(config, status, listeners, mayConnect);
                return new DiscordBot(connection, worker, replying, delivery, renderer, channels, answers, lifecycle);
            } catch (InterruptedException e) {
                stopNow(worker, replying, delivery);
                throw e;
            } catch (IllegalArgumentException e) {
                // JDA refuses a token that cannot be one (empty, say) before asking Discord.
                stopNow(worker, replying, delivery);
                throw refused("JDA rejected its form before sending it");
            } catch (RuntimeException e) {
                // JDA calls every unexpected answer to the login an invalid token, a 5xx too; the
                // status it got tells a refused token from a Discord that is down.
                OptionalInt code = status.code();
                if (code.isPresent() && code.getAsInt() >= 400 && code.getAsInt() < 500 && code.getAsInt() != 429) {
                    stopNow(worker, replying, delivery);
                    throw refused("Discord answered the login with HTTP " + code.getAsInt());
                }
                failure = code.isPresent() ? "HTTP " + code.getAsInt() : e.getClass().getSimpleName();
            }
            Duration wait = backoff.delay(attempt - 1);
            LOG.warn("could not reach Discord to log in ({}), attempt {}; trying again in {} s", failure, attempt,
                    Math.max(1, wait.toSeconds()));
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                stopNow(worker, replying, delivery);
                throw e;
            }
        }
    }

    private static Connection single(DiscordConfig config, LoginStatus status, Object[] listeners,
                                     CountDownLatch mayConnect) throws InterruptedException {
        JDABuilder builder = JDABuilder.createLight(config.token().reveal(), EnumSet.noneOf(GatewayIntent.class))
                .setCompression(Compression.NONE)
                // Stopped by close(), in order: the worker first, then JDA, then the caller's storage.
                .setEnableShutdownHook(false)
                .setHttpClientBuilder(httpClient(status, config.requestsPerSecond()))
                .addEventListeners(listeners);
        config.restBaseUrl().ifPresent(url -> builder.setRestConfig(new RestConfig().setBaseUrl(url.toString())));
        config.gatewayUrl().ifPresent(url -> builder.setSessionController(new FixedGateway(url.toString())));
        mayConnect.await();
        return new Single(builder.build());
    }

    private static OkHttpClient.Builder httpClient(LoginStatus status, int requestsPerSecond) {
        return new OkHttpClient.Builder().addInterceptor(status).addInterceptor(new GlobalPace(requestsPerSecond))
                .addInterceptor(new CallbacksWithoutResponse());
    }

    /** The same set-up as {@link #single}, for each of this process's shards. */
    private static Connection sharded(DiscordConfig config, DiscordShards shards, LoginStatus status,
                                      Object[] listeners, CountDownLatch mayConnect) throws InterruptedException {
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(config.token().reveal(),
                        EnumSet.noneOf(GatewayIntent.class))
                .setShardsTotal(shards.total())
                .setShards(shards.first(), shards.last())
                .setCompression(Compression.NONE)
                .setEnableShutdownHook(false)
                .setHttpClientBuilder(httpClient(status, config.requestsPerSecond()))
                .addEventListeners(listeners);
        config.restBaseUrl().ifPresent(url -> builder.setRestConfig(new RestConfig().setBaseUrl(url.toString())));
        config.gatewayUrl().ifPresent(url -> builder.setSessionController(new FixedGateway(url.toString())));
        mayConnect.await();
        return new Sharded(builder.build());
    }

    private static TokenRefused refused(String how) {
        return new TokenRefused("Discord refused the bot token (" + how + "). Copy the token again from the Bot page "
                + "of your application at https://discord.com/developers/applications into discord.token "
                + "(or AFTERGLOW_DISCORD_TOKEN).");
    }

    /** Where to open the bot's invite: scopes {@code bot} and {@code applications.commands}, and {@link #PERMISSIONS}. */
    static String inviteUrl(long applicationId) {
        return "https://discord.com/oauth2/authorize?client_id=" + Long.toUnsignedString(applicationId)
                + "&scope=bot+applications.commands&permissions=" + Permission.getRaw(PERMISSIONS);
    }

    /** Delivers outbox entries as DMs; blocking, for the dispatcher's thread. */
    public Messenger messenger() {
        return new DiscordMessenger(connection.rest(), renderer, channels, answers);
    }

    /**
     * Blocks until the bot has stopped. Empty when {@link #close()} stopped it; otherwise why
     * Discord ended the connection for good (JDA gives up only on errors a restart won't mend,
     * such as a token revoked while running).
     */
    public Optional<String> awaitStop() throws InterruptedException {
        lifecycle.stopped.await();
        return lifecycle.closedByUs ? Optional.empty() : Optional.of(lifecycle.reason);
    }

    /**
     * Stops taking interactions, lets those already acknowledged finish, then disconnects. Safe
     * to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        lifecycle.closedByUs = true;
        worker.shutdown();
        try {
            // The worker first, so every interaction it took up has asked for its delivery and
            // handed its answer to the replying thread, which hands it to JDA before JDA stops.
            if (!worker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("interactions still running after {}; stopping anyway", STOP_TIMEOUT);
                worker.shutdownNow();
            }
            replying.shutdown();
            if (!replying.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("answers still being made after {}; stopping anyway", STOP_TIMEOUT);
                replying.shutdownNow();
            }
            delivery.shutdown();
            if (!delivery.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("messages still being delivered after {}; the outbox keeps the rest", STOP_TIMEOUT);
                delivery.shutdownNow();
            }
            connection.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopNow(worker, replying, delivery);
            connection.stopNow();
        }
        lifecycle.stopped.countDown();
    }

    private static void stopNow(ExecutorService... threads) {
        for (ExecutorService thread : threads) {
            thread.shutdownNow();
        }
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(DaemonThreads.named(name));
    }

    /** JDA as this process runs it: one connection, or its shards of a sharded bot. */
    private sealed interface Connection permits Single, Sharded {
        /** Where to send REST requests, such as DMs: Discord takes them from any shard. */
        JDA rest();

        /** Disconnects, letting requests under way finish for a while. */
        void stop() throws InterruptedException;

        void stopNow();
    }

    private record Single(JDA jda) implements Connection {
        @Override
        public JDA rest() {
            return jda;
        }

        @Override
        public void stop() throws InterruptedException {
            jda.shutdown();
            if (!jda.awaitShutdown(STOP_TIMEOUT)) {
                jda.shutdownNow();
                jda.awaitShutdown(STOP_TIMEOUT);
            }
        }

        @Override
        public void stopNow() {
            jda.shutdownNow();
        }
    }

    private record Sharded(ShardManager shards) implements Connection {
        @Override
        public JDA rest() {
            return shards.getShards().get(0);
        }

        @Override
        public void stop() throws InterruptedException {
            // Taken first: the manager forgets its shards as it shuts them down.
            List<JDA> running = shards.getShards();
            shards.shutdown();
            for (JDA shard : running) {
                if (!shard.awaitShutdown(STOP_TIMEOUT)) {
                    shard.shutdownNow();
                    shard.awaitShutdown(STOP_TIMEOUT);
                }
            }
        }

        @Override
        public void stopNow() {
            shards.getShards().forEach(JDA::shutdownNow);
        }
    }

    /**
     * Announces readiness, reports the connection's ups and downs, and notices its end. A plain
     * {@link EventListener}, since it hears every interaction too (see {@link InteractionRouter}).
     */
    private static final class Lifecycle implements EventListener {
        private final Consumer<String> onReady;
        /** Shards still to connect; the bot is ready when all of them are. */
        private final AtomicInteger connecting;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile boolean closedByUs;
        private volatile String reason = "";

        Lifecycle(Consumer<String> onReady, int shards) {
            this.onReady = onReady;
            this.connecting = new AtomicInteger(shards);
        }

        @Override
        public void onEvent(GenericEvent event) {
            if (event instanceof ReadyEvent ready) {
                onReady(ready);
            } else if (event instanceof SessionDisconnectEvent) {
                LOG.warn("lost the connection to Discord; reconnecting. Nothing stored is lost, and messages wait in the outbox");
            } else if (event instanceof SessionResumeEvent) {
                LOG.info("reconnected to Discord");
            } else if (event instanceof SessionRecreateEvent) {
                LOG.info("reconnected to Discord in a new session");
            } else if (event instanceof ShutdownEvent shutdown) {
                onShutdown(shutdown);
            }
        }

        private void onReady(ReadyEvent event) {
            JDA.ShardInfo shard = event.getJDA().getShardInfo();
            if (shard.getShardTotal() > 1) {
                LOG.info("shard {} of {} connected to Discord; in {} servers", shard.getShardId(), shard.getShardTotal(),
                        event.getGuildTotalCount());
            } else {
                LOG.info("connected to Discord; in {} servers", event.getGuildTotalCount());
            }
            if (connecting.decrementAndGet() == 0) {
                onReady.accept(inviteUrl(event.getJDA().getSelfUser().getApplicationIdLong()));
            }
        }

        private void onShutdown(ShutdownEvent event) {
            reason = event.getCloseCode() != null
                    ? "Discord closed the connection: " + event.getCloseCode().getMeaning() + " (" + event.getCode() + ")"
                    : "the connection to Discord ended (" + event.getCode() + ")";
            stopped.countDown();
        }
    }

    /**
     * Notes the HTTP status of the login request ({@code GET users/@me}, which JDA sends first), for
     * JDA's exceptions do not carry it. Runs on JDA's request threads.
     */
    private static final class LoginStatus implements Interceptor {
        private volatile int code = -1;

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(chain.request());
            if (chain.request().method().equals("GET") && chain.request().url().encodedPath().endsWith("/users/@me")) {
                code = response.code();
            }
            return response;
        }

        OptionalInt code() {
            int last = code;
            return last < 0 ? OptionalInt.empty() : OptionalInt.of(last);
        }
    }

    /**
     * Hands JDA a fixed gateway URL instead of asking Discord for one: the test hook that points
     * the bot at a local stand-in.
     */
    private static final class FixedGateway extends ConcurrentSessionController {
        private final String url;

        FixedGateway(String url) {
            this.url = url;
        }

        @Override
        public String getGateway() {
            return url;
        }

        /** What a shard manager asks instead: Discord's advice on shards and concurrency, with the fixed URL. */
        @Override
        public ShardedGateway getShardedGateway(JDA api) {
            ShardedGateway asked = super.getShardedGateway(api);
            return new ShardedGateway(url, asked.getShardTotal(), asked.getConcurrency());
        }
    }
}
