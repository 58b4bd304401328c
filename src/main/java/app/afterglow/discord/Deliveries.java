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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers what the core queued after an interaction, on a thread of its own (and the core's
 * delivery lanes, several people at once), so the worker goes on to the next interaction while
 * DMs go out. Asked while a delivery runs, it tells that delivery, which takes the new messages as
 * soon as a lane is free, and runs once more after it, however often it was asked: each run
 * delivers everything queued before it read the outbox. Every message waits for the answers opened
 * before it ({@link DiscordMessenger}). Someone who acted in a server channel and whose own DMs
 * turned out to be closed is told so beside their answer, by the run their action asked for or,
 * when the run under way took their messages, by that run's successor. Thread-safe.
 */
final class Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    /**
     * One interaction's request: what to deliver through, whom to tell if their own DMs are
     * closed, and its place among all requests.
     */
    private record Asked(Afterglow core, JDA jda, PlatformUser actor, Optional<InteractionHook> tellHere, long number) {
    }

    private final ExecutorService thread;
    private final RepliesInFlight answers;
    private final InteractionReplies replies;
    private final MessageRenderer renderer;
    private final DmChannels channels;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Queue<Asked> asked = new ConcurrentLinkedQueue<>();
    private final AtomicLong askedSoFar = new AtomicLong();
    /** Whose DMs the last run found closed, and the last request it could have taken messages of; this thread's. */
    private Set<String> unreachableLastRun = Set.of();
    private long askedByLastRunsEnd;

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
        asked.add(new Asked(core, jda, actor, tellHere, askedSoFar.incrementAndGet()));
        core.moreQueued(Platform.DISCORD);
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
        Messenger messenger = new DiscordMessenger(latest.jda(), renderer, channels, answers);
        Set<String> unreachable = ConcurrentHashMap.newKeySet();
        try {
            latest.core().deliver(Platform.DISCORD, new Messenger() {
                @Override
                public Delivery deliver(OutboxEntry entry) {
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
        long askedByNow = askedSoFar.get();
        for (Asked one : batch) {
            // Asked while the last run went on, its messages may have gone out in that run.
            boolean closed = unreachable.contains(one.actor().id())
                    || one.number() <= askedByLastRunsEnd && unreachableLastRun.contains(one.actor().id());
            if (one.tellHere().isPresent() && closed) {
                replies.sendAside(one.tellHere().get(), renderer.note("I couldn't send you a direct message: Discord "
                        + "says your DMs are closed to me. Allow direct messages from this server's members (in the "
                        + "server's Privacy Settings), then try again. Nothing was lost."));
            }
        }
        unreachableLastRun = unreachable;
        askedByLastRunsEnd = askedByNow;
    }
}
