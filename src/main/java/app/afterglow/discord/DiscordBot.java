package app.afterglow.discord;

import app.afterglow.config.DiscordConfig;
import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.questions.QuestionSet;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The running Discord bot: logs in through JDA, registers the commands, routes interactions to
 * the core and delivers the core's DMs. Start it with {@link #start}, give {@link #messenger()} to
 * whatever delivers the outbox on a schedule, and {@link #close()} it before closing storage.
 *
 * <p>Kept small on purpose: no optional gateway intent at all (interactions need none; the
 * server list JDA always receives tells the bot where to register its commands), nothing cached
 * beyond that list, and an uncompressed gateway, which for this little traffic saves the
 * inflater's memory. Thread-safe.
 */
public final class DiscordBot implements AutoCloseable {
    /**
     * None: the bot answers only through interactions, which need no channel permission, and in
     * DMs, which need none in a server. It never reads, posts or manages anything in a server.
     */
    static final Set<Permission> PERMISSIONS = EnumSet.noneOf(Permission.class);
    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final JDA jda;
    private final ExecutorService worker;
    private final MessageRenderer renderer;
    private final DmChannels channels;
    private final Lifecycle lifecycle;

    private DiscordBot(JDA jda, ExecutorService worker, MessageRenderer renderer, DmChannels channels, Lifecycle lifecycle) {
        this.jda = jda;
        this.worker = worker;
        this.renderer = renderer;
        this.channels = channels;
        this.lifecycle = lifecycle;
    }

    /** Why the bot could not start; {@link #tokenRefused()} tells a bad token from an unreachable Discord. */
    public static final class StartFailure extends Exception {
        private final boolean tokenRefused;

        StartFailure(String message, boolean tokenRefused, Throwable cause) {
            super(message, cause);
            this.tokenRefused = tokenRefused;
        }

        public boolean tokenRefused() {
            return tokenRefused;
        }
    }

    /**
     * Logs in and connects. Returns once Discord accepted the token; the gateway connects in the
     * background, and JDA keeps reconnecting if it drops. {@code onReady} gets the invite URL
     * once the bot is connected, on JDA's event thread.
     *
     * @throws StartFailure if Discord refuses the token, or cannot be reached even after JDA's retries
     */
    public static DiscordBot start(DiscordConfig config, Afterglow afterglow, Consumer<String> onReady) throws StartFailure {
        Objects.requireNonNull(afterglow, "afterglow");
        return start(config, afterglow.startableSets(), CompletableFuture.completedFuture(afterglow), onReady);
    }

    /**
     * Like {@link #start(DiscordConfig, Afterglow, Consumer)}, for a core that is still being made
     * (its storage opening) while the bot logs in, so the two overlap: interactions are
     * acknowledged from the start and handled once {@code afterglow} is done; if it fails, they
     * are not handled. {@code startable} are the question sets {@code /checkin} offers.
     */
    public static DiscordBot start(DiscordConfig config, List<QuestionSet> startable, CompletableFuture<Afterglow> afterglow,
                                   Consumer<String> onReady) throws StartFailure {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(startable, "startable");
        Objects.requireNonNull(afterglow, "afterglow");
        Objects.requireNonNull(onReady, "onReady");
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "afterglow-discord");
            t.setDaemon(true);
            return t;
        });
        MessageRenderer renderer = new MessageRenderer();
        DmChannels channels = new DmChannels();
        SlashCommands commands = new SlashCommands(startable);
        Lifecycle lifecycle = new Lifecycle(onReady);
        JDABuilder builder = JDABuilder.createLight(config.token().reveal(), EnumSet.noneOf(GatewayIntent.class))
                .setCompression(Compression.NONE)
                // Stopped by close(), in order: the worker first, then JDA, then the caller's storage.
                .setEnableShutdownHook(false)
                .addEventListeners(new CommandRegistration(commands),
                        new InteractionRouter(afterglow, commands, renderer, channels, worker), lifecycle);
        config.restBaseUrl().ifPresent(url -> builder.setRestConfig(new RestConfig().setBaseUrl(url.toString())));
        config.gatewayUrl().ifPresent(url -> builder.setSessionController(new FixedGateway(url.toString())));
        try {
            JDA jda = builder.build();
            return new DiscordBot(jda, worker, renderer, channels, lifecycle);
        } catch (InvalidTokenException | IllegalArgumentException e) {
            worker.shutdownNow();
            throw new StartFailure("Discord refused the bot token. Copy the token again from the Bot page of your "
                    + "application at https://discord.com/developers/applications into discord.token "
                    + "(or AFTERGLOW_DISCORD_TOKEN).", true, e);
        } catch (RuntimeException e) {
            worker.shutdownNow();
            throw new StartFailure("Could not reach Discord to log in (" + e.getClass().getSimpleName()
                    + "), even after retrying. Check the network and start again; nothing was lost.", false, e);
        }
    }

    /** Where to open the bot's invite: scopes {@code bot} and {@code applications.commands}, and {@link #PERMISSIONS}. */
    static String inviteUrl(long applicationId) {
        return "https://discord.com/oauth2/authorize?client_id=" + Long.toUnsignedString(applicationId)
                + "&scope=bot+applications.commands&permissions=" + Permission.getRaw(PERMISSIONS);
    }

    /** Delivers outbox entries as DMs; blocking, for the dispatcher's thread. */
    public Messenger messenger() {
        return new DiscordMessenger(jda, renderer, channels);
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
            if (!worker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("interactions still running after {}; stopping anyway", STOP_TIMEOUT);
                worker.shutdownNow();
            }
            jda.shutdown();
            if (!jda.awaitShutdown(STOP_TIMEOUT)) {
                jda.shutdownNow();
                jda.awaitShutdown(STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jda.shutdownNow();
        }
        lifecycle.stopped.countDown();
    }

    /**
     * Announces readiness, reports the connection's ups and downs, and notices its end. A plain
     * {@link EventListener}, since it hears every interaction too (see {@link InteractionRouter}).
     */
    private static final class Lifecycle implements EventListener {
        private final Consumer<String> onReady;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile boolean closedByUs;
        private volatile String reason = "";

        Lifecycle(Consumer<String> onReady) {
            this.onReady = onReady;
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
            LOG.info("connected to Discord; in {} servers", event.getGuildTotalCount());
            onReady.accept(inviteUrl(event.getJDA().getSelfUser().getApplicationIdLong()));
        }

        private void onShutdown(ShutdownEvent event) {
            reason = event.getCloseCode() != null
                    ? "Discord closed the connection: " + event.getCloseCode().getMeaning() + " (" + event.getCode() + ")"
                    : "the connection to Discord ended (" + event.getCode() + ")";
            stopped.countDown();
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
    }
}
