package app.afterglow.discord;

import app.afterglow.core.Afterglow;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers what the core queued after an interaction, on a thread of its own (and the core's
 * delivery lanes, several people at once), so the worker goes on to the next interaction while
 * DMs go out. Asked while a delivery runs, it runs
 * once more after it, however often it was asked: each run delivers everything queued before it
 * read the outbox. Every message waits for the answers opened before it was read
 * ({@link RepliesInFlight}). Someone who acted in a server channel and whose own DMs turned out
 * to be closed is told so beside their answer. Thread-safe.
 */
final class Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    /** How long a message waits for the answers before it; Discord gives an interaction 3 s. */
    private static final Duration ANSWERS_FIRST = Duration.ofSeconds(5);

    /** One interaction's request: what to deliver through, and whom to tell if their own DMs are closed. */
    private record Asked(Afterglow core, JDA jda, PlatformUser actor, Optional<InteractionHook> tellHere) {
    }

    private final ExecutorService thread;
    private final RepliesInFlight answers;
    private final InteractionReplies replies;
    private final MessageRenderer renderer;
    private final DmChannels channels;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Queue<Asked> asked = new ConcurrentLinkedQueue<>();

    /** @param thread a single thread, only for this; stop it after the worker and before JDA */
    Deliveries(ExecutorService thread, RepliesInFlight answers, MessageRenderer renderer, DmChannels channels) {
        this.thread = Objects.requireNonNull(thread, "thread");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.replies = new InteractionReplies(renderer);
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    /**
     * Has what {@code core} queued delivered soon; call it after the core handled an interaction
     * of {@code actor}'s that mailed something ({@link app.afterglow.core.Outcome#mailed}): after
     * one that did not, a run finds nothing new, and the ticker delivers whatever falls due later
     * or waits to be tried again. {@code tellHere} is the interaction's hook when it was in a server
     * channel, where a person whose DMs are closed would otherwise never learn why nothing came.
     */
    void after(Afterglow core, JDA jda, PlatformUser actor, Optional<InteractionHook> tellHere) {
        asked.add(new Asked(core, jda, actor, tellHere));
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::deliver);
            } catch (RejectedExecutionException e) {
                // Stopping: the outbox keeps it, and the next start delivers it.
                LOG.info("not delivering now: the bot is stopping");
            }
        }
    }

    private void deliver() {
        scheduled.set(false);
        List<Asked> batch = new ArrayList<>();
        for (Asked next; (next = asked.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            // An earlier run read the outbox after these were asked for and delivered what they queued.
            return;
        }
        Asked latest = batch.get(batch.size() - 1);
        Messenger messenger = new DiscordMessenger(latest.jda(), renderer, channels);
        Set<String> unreachable = ConcurrentHashMap.newKeySet();
        try {
            latest.core().deliver(Platform.DISCORD, new Messenger() {
                @Override
                public Delivery deliver(OutboxEntry entry) {
                    awaitAnswersBefore();
                    Delivery outcome = messenger.deliver(entry);
                    if (outcome.result() == Delivery.Result.UNREACHABLE) {
                        unreachable.add(entry.recipient().id());
                    }
                    return outcome;
                }

                @Override
                public boolean deliversToSeveralAtOnce() {
                    return messenger.deliversToSeveralAtOnce();
                }
            });
        } catch (RuntimeException e) {
            LOG.error("delivering after interactions failed; the outbox keeps what is left: {}", SafeLog.describe(e));
        }
        for (Asked one : batch) {
            if (one.tellHere().isPresent() && unreachable.contains(one.actor().id())) {
                replies.sendAside(one.tellHere().get(), renderer.note("I couldn't send you a direct message: Discord "
                        + "says your DMs are closed to me. Allow direct messages from this server's members (in the "
                        + "server's Privacy Settings), then try again. Nothing was lost."));
            }
        }
    }

    private void awaitAnswersBefore() {
        try {
            if (!answers.awaitEarlier(ANSWERS_FIRST)) {
                LOG.info("an answer Discord has not taken after {} s; delivering anyway", ANSWERS_FIRST.toSeconds());
            }
        } catch (InterruptedException e) {
            // Stopping: JDA refuses what is sent now and the outbox keeps it for the next start.
            Thread.currentThread().interrupt();
        }
    }
}
