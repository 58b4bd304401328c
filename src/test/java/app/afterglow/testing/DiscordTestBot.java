package app.afterglow.testing;

import app.afterglow.config.DiscordConfig;
import app.afterglow.config.DiscordShards;
import app.afterglow.config.Secret;
import app.afterglow.console.ShiftableClock;
import app.afterglow.core.Afterglow;
import app.afterglow.core.CoreSettings;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.Stores;
import app.afterglow.core.store.Transactions;
import app.afterglow.discord.DiscordBot;
import app.afterglow.storage.SqliteStorage;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.RecordedCall;
import app.afterglow.testing.discord.SentInteraction;
import app.afterglow.testing.discord.SlashOption;
import app.afterglow.testing.discord.StandInChannel;
import app.afterglow.testing.discord.StandInDmChannel;
import app.afterglow.testing.discord.StandInGuild;
import app.afterglow.testing.discord.StandInMessage;
import app.afterglow.testing.discord.StandInTextChannel;
import app.afterglow.testing.discord.StandInUser;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The whole Discord bot as it runs in production — real core, real SQLite storage (encrypted, in
 * a temporary directory), the Discord adapter and real JDA — against the local Discord stand-in,
 * with a guild "Home" that has a #general channel. The core's clock is the test's to move; JDA and
 * the stand-in run on real time. Every wait is bounded by {@link #TIMEOUT}.
 */
public final class DiscordTestBot implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DiscordStandIn standIn;
    private final StandInGuild guild;
    private final ShiftableClock clock = new ShiftableClock(Clock.fixed(TestBot.START, ZoneOffset.UTC));
    private final AtomicReference<Duration> storageDelay = new AtomicReference<>(Duration.ZERO);
    /** Held to write while {@link #advance} runs due jobs; every transaction holds it to read. */
    private final ReentrantReadWriteLock jobs = new ReentrantReadWriteLock();
    private final SqliteStorage storage;
    private final Afterglow afterglow;
    private final DiscordBot bot;
    private volatile String inviteUrl;

    private DiscordTestBot(DiscordStandIn standIn, SqliteStorage storage, Optional<DiscordShards> shards)
            throws DiscordBot.TokenRefused, InterruptedException {
        this.standIn = standIn;
        this.storage = storage;
        this.guild = shards.map(s -> standIn.addGuildOnShard(s.first(), s.total(), "Home", "general"))
                .orElseGet(() -> standIn.addGuild("Home", "general"));
        Stores real = storage.stores();
        Stores stores = new Stores(new SlowTransactions(real.transactions(), storageDelay::get, jobs), real.people(),
                real.partnerships(), real.checkins(), real.sessions(), real.jobs(), real.outbox(), real.adapterState(),
                real.seenEvents());
        // No quiet hours, so a scheduled message arrives the moment it is due.
        this.afterglow = new Afterglow(stores, TestBot.catalog(), CoreSettings.defaults().withoutQuietHours(), clock);
        CountDownLatch ready = new CountDownLatch(1);
        DiscordConfig config = config(standIn, standIn.token());
        this.bot = DiscordBot.start(new DiscordConfig(config.token(), config.restBaseUrl(), config.gatewayUrl(), shards,
                        config.requestsPerSecond()),
                afterglow, Duration.ZERO, url -> {
            inviteUrl = url;
            ready.countDown();
        });
        // JDA identifies one shard at a time, 5 s apart, as Discord allows most bots.
        await(ready, TIMEOUT.multipliedBy(shards.map(DiscordShards::count).orElse(1)));
        standIn.awaitCall(call -> call.is("PUT", "applications/\\d+/guilds/" + guild.id() + "/commands")
                && call.status() == 200, TIMEOUT);
        standIn.awaitCall(call -> call.is("PUT", "applications/\\d+/commands") && call.status() == 200, TIMEOUT);
    }

    /** Starts the stand-in and the bot, and waits until the bot is connected and its commands are registered. */
    public static DiscordTestBot start(Path dir) {
        return start(dir, Optional.empty());
    }

    /**
     * Like {@link #start(Path)}, the bot running {@code shards}; its guild "Home" is on the first
     * of them. Returns once every shard is connected.
     */
    public static DiscordTestBot start(Path dir, Optional<DiscordShards> shards) {
        DiscordStandIn standIn = DiscordStandIn.start();
        SqliteStorage storage = null;
        try {
            storage = SqliteStorage.open(dir, Optional.empty());
            return new DiscordTestBot(standIn, storage, shards);
        } catch (DiscordBot.TokenRefused | InterruptedException | RuntimeException | AssertionError e) {
            standIn.close();
            if (storage != null) {
                storage.close();
            }
            throw new AssertionError("the Discord test bot did not start", e);
        }
    }

    /** The config a host would write to point the bot at {@code standIn}. */
    public static DiscordConfig config(DiscordStandIn standIn, String token) {
        return new DiscordConfig(Secret.of(token), Optional.of(URI.create(standIn.restBaseUrl())),
                Optional.of(URI.create(standIn.gatewayUrl())), Optional.empty(), DiscordConfig.DEFAULT_REQUESTS_PER_SECOND);
    }

    public DiscordStandIn standIn() {
        return standIn;
    }

    public StandInGuild guild() {
        return guild;
    }

    public StandInTextChannel general() {
        return guild.textChannel("general");
    }

    public StandInDmChannel dm(StandInUser user) {
        return standIn.dmChannel(user);
    }

    public String inviteUrl() {
        return inviteUrl;
    }

    public StandInUser person(String name) {
        return standIn.addUser(name);
    }

    /** Every transaction of the core takes this much longer from now on, like a slow disk. */
    public void slowStorage(Duration delay) {
        storageDelay.set(delay);
    }

    /**
     * Lets the core's time pass, runs what fell due and delivers it, as the ticker would. The
     * jobs run as one: a delivery the adapter still has under way waits for them, so it cannot
     * slip a message out between two jobs that fell due together (a reminder, then the close of
     * its check-in), which only a clock jumping hours at once would let happen.
     */
    public void advance(Duration by) {
        jobs.writeLock().lock();
        try {
            clock.advance(by);
            afterglow.runDueJobs();
        } finally {
            jobs.writeLock().unlock();
        }
        afterglow.deliver(Platform.DISCORD, bot.messenger());
    }

    /** Whether the outbox holds nothing due now: each message queued so far was sent, given up, or waits to be tried later. */
    public boolean nothingDue() {
        Stores stores = storage.stores();
        return stores.transactions().inTransaction(() -> stores.outbox().due(Platform.DISCORD, clock.instant(), 1).isEmpty());
    }

    public SentInteraction slash(StandInChannel where, StandInUser user, String commandPath, SlashOption... options) {
        return standIn.slashCommand(where, user, commandPath, options);
    }

    /** The interaction's replies once {@code done} holds for them; see {@link DiscordStandIn#repliesTo}. */
    public List<StandInMessage> awaitReplies(SentInteraction sent, Predicate<List<StandInMessage>> done) {
        return Await.until(TIMEOUT, "replies to interaction " + sent.id(), () -> standIn.repliesTo(sent), done);
    }

    /** The interaction's replies once one contains {@code text}. */
    public List<StandInMessage> awaitReply(SentInteraction sent, String text) {
        return awaitReplies(sent, replies -> replies.stream().anyMatch(m -> m.content().contains(text)));
    }

    /** The first message in {@code user}'s DM newer than {@code afterId} that contains {@code text}. */
    public StandInMessage awaitDm(StandInUser user, long afterId, String text) {
        long channel = dm(user).id();
        return standIn.awaitMessage(m -> m.channelId() == channel && Long.compareUnsigned(m.id(), afterId) > 0
                && m.content().contains(text), TIMEOUT);
    }

    public StandInMessage awaitDm(StandInUser user, String text) {
        return awaitDm(user, 0, text);
    }

    /** {@code message} once the bot has changed it (its text or its controls). */
    public StandInMessage awaitEdit(StandInMessage message) {
        return standIn.awaitMessage(m -> m.id() == message.id() && (!m.content().equals(message.content())
                || !m.json().path("components").equals(message.json().path("components"))), TIMEOUT);
    }

    /** {@code message} once it contains {@code text}. */
    public StandInMessage awaitEdit(StandInMessage message, String text) {
        return standIn.awaitMessage(m -> m.id() == message.id() && m.content().contains(text), TIMEOUT);
    }

    /** Clicks the button labelled {@code label} on {@code message}. */
    public SentInteraction click(StandInUser user, StandInMessage message, String label) {
        return standIn.clickButton(user, message, buttonId(message, label));
    }

    /** Picks the options labelled {@code labels} in the menu on {@code message} that offers the first of them. */
    public SentInteraction choose(StandInUser user, StandInMessage message, String... labels) {
        for (JsonNode menu : message.components(3)) {
            List<String> values = new ArrayList<>();
            for (String label : labels) {
                for (JsonNode option : menu.path("options")) {
                    if (option.path("label").asText().equals(label)) {
                        values.add(option.path("value").asText());
                    }
                }
            }
            if (values.size() == labels.length) {
                return standIn.selectMenu(user, message, menu.path("custom_id").asText(), values.toArray(String[]::new));
            }
        }
        throw new AssertionError("no menu offering " + List.of(labels) + " on " + message.json());
    }

    /**
     * Answers the free-text question on {@code message} as a person would: clicks "Answer", reads
     * the modal the bot opened, and submits {@code text} in its text input.
     */
    public SentInteraction write(StandInUser user, StandInMessage message, String text) {
        return send(user, message, openForm(user, message), text);
    }

    /** A text form the bot opened: the modal's id and its one text input's. */
    public record Form(String modalId, String inputId) {
    }

    /** Clicks "Answer" on {@code message} as {@code user} and returns the form the bot opened, not yet sent. */
    public Form openForm(StandInUser user, StandInMessage message) {
        JsonNode modal = awaitCallback(click(user, message, "Answer")).body().path("data");
        return new Form(modal.path("custom_id").asText(), modal.at("/components/0/component/custom_id").asText());
    }

    /** Sends {@code form} with {@code text} typed in, from {@code message} as it is now (maybe long after it was opened). */
    public SentInteraction send(StandInUser user, StandInMessage message, Form form, String text) {
        return standIn.submitModal(user, message, form.modalId(), Map.of(form.inputId(), text));
    }

    /**
     * {@code inviter} invites {@code invitee} from the server channel and {@code invitee} accepts
     * in their DM; returns once the inviter has heard.
     */
    public void becomePartners(StandInUser inviter, StandInUser invitee) {
        SentInteraction invite = slash(general(), inviter, "partner invite", SlashOption.user("person", invitee));
        awaitReply(invite, "I've invited " + invitee.username());
        StandInMessage invitation = awaitDm(invitee, "would like to be check-in partners");
        click(invitee, invitation, "Accept");
        awaitEdit(invitation, "now check-in partners");
        awaitDm(inviter, "said yes");
    }

    /** {@code who} starts a follow-up check-in in their DM; returns the message showing its first question. */
    public StandInMessage startFollowup(StandInUser who) {
        SentInteraction start = slash(dm(who), who, "checkin", SlashOption.string("kind", "followup"));
        return awaitReply(start, "1 of 3").get(0);
    }

    /** Does something to a question message and returns the message once the bot has moved it on. */
    public StandInMessage step(StandInMessage message, Function<StandInMessage, SentInteraction> act) {
        act.apply(message);
        return awaitEdit(message);
    }

    /** Skips, as {@code who}, every question left on {@code message} until it shows the review. */
    public StandInMessage skipToReview(StandInUser who, StandInMessage message) {
        StandInMessage current = message;
        while (!current.content().contains("your answers before you send them")) {
            current = step(current, m -> click(who, m, "Skip"));
        }
        return current;
    }

    /** The recorded callback of {@code sent}, the bot's acknowledgement. */
    public RecordedCall awaitCallback(SentInteraction sent) {
        return standIn.awaitCall(call -> call.is("POST", "interactions/" + sent.id() + "/.+/callback"), TIMEOUT);
    }

    public static String buttonId(StandInMessage message, String label) {
        for (JsonNode button : message.components(2)) {
            if (button.path("label").asText().equals(label)) {
                return button.path("custom_id").asText();
            }
        }
        throw new AssertionError("no button '" + label + "' on " + message.json());
    }

    public static List<String> buttonLabels(StandInMessage message) {
        return message.components(2).stream().map(b -> b.path("label").asText()).toList();
    }

    @Override
    public void close() {
        try {
            bot.close();
        } finally {
            standIn.close();
            storage.close();
        }
    }

    private static void await(CountDownLatch latch, Duration timeout) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the bot was not ready within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the bot", e);
        }
    }

    /** A slow disk: every transaction waits first; then it waits while due jobs run on another thread. */
    private record SlowTransactions(Transactions real, Supplier<Duration> delay, ReadWriteLock jobs) implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return slowly(() -> real.inTransaction(work));
        }

        @Override
        public <T> T inTransactionAhead(Supplier<T> work) {
            return slowly(() -> real.inTransactionAhead(work));
        }

        private <T> T slowly(Supplier<T> transaction) {
            Duration wait = delay.get();
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while being slow", e);
                }
            }
            jobs.readLock().lock();
            try {
                return transaction.get();
            } finally {
                jobs.readLock().unlock();
            }
        }
    }
}
