package app.afterglow.core.messages;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.Outbox;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.store.Transactions;
import app.afterglow.core.util.DaemonThreads;
import app.afterglow.core.util.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Delivers what the outbox holds, through a platform's {@link Messenger}. An entry leaves the
 * outbox once delivered or given up on. A passing failure backs off and is retried, for up to
 * {@link #GIVE_UP_AFTER}; a recipient who cannot be reached, or a message the platform refuses,
 * is given up on at once, since trying again would fail the same way. Giving up is logged with the
 * platform's error code, and whoever's action queued the message is told, in their own DM, whom it
 * did not reach — never what it said. What a message shows is decided by {@link Screens} when it
 * is first sent and kept for every retry, so a retry (which a platform may deduplicate) never
 * shows something else. On a platform that {@link Messenger#deliversToSeveralAtOnce can}, several
 * people's messages go out at once, each person's in order, and a lane that ends takes the next
 * person's at once ({@link LaneDrain}). Thread-safe: one platform's drains
 * are serialised, and never wait for another platform's (a homeserver that takes half a minute to
 * answer each send must not hold up Discord's DMs).
 */
public final class Dispatcher {
    /** How long a message that keeps failing in passing is retried before it is given up on. */
    public static final Duration GIVE_UP_AFTER = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 50;
    /** Recipients delivered to at once, for a {@link Messenger#deliversToSeveralAtOnce} platform. */
    private static final int LANES = 8;
    private static final Duration LANE_IDLE = Duration.ofSeconds(30);
    private static final int MAX_ROUNDS = 20;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** The longest wait of a failing message while the platform takes others. */
    private static final Duration MAX_BACKOFF_WHILE_UP = Duration.ofMinutes(1);

    private final Transactions transactions;
    private final Outbox outbox;
    private final Screens screens;
    private final ScreenOrder order;
    private final Clock clock;
    /** Per platform, the failed tries since it last took a message; counted by every lane of a drain. */
    private final Map<Platform, Integer> failuresInARow = new ConcurrentHashMap<>();
    /** Held while a platform's outbox is drained, so its drains take turns. */
    private final Map<Platform, Object> draining = new ConcurrentHashMap<>();
    /**
     * Per platform, made on its first drain that delivers to several recipients at once. A
     * platform's own, so lanes stuck on one platform's sends leave none of another's waiting.
     */
    private final Map<Platform, ExecutorService> lanes = new ConcurrentHashMap<>();
    /** Per platform, the drain on lanes under way, told when more is queued. */
    private final Map<Platform, LaneDrain> underWay = new ConcurrentHashMap<>();

    public Dispatcher(Transactions transactions, Outbox outbox, Screens screens, ScreenOrder order, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.order = Objects.requireNonNull(order, "order");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Delivers every due entry for {@code platform}; returns how many were delivered. */
    public int drain(Platform platform, Messenger messenger) {
        synchronized (draining.computeIfAbsent(platform, p -> new Object())) {
            if (!messenger.deliversToSeveralAtOnce()) {
                return drainInTurn(platform, messenger);
            }
            LaneDrain drain = new LaneDrain(lanes.computeIfAbsent(platform, Dispatcher::lanes),
                    () -> due(platform), BATCH, MAX_ROUNDS, entries -> deliverInTurn(entries, messenger));
            underWay.put(platform, drain);
            try {
                return drain.run();
            } finally {
                underWay.remove(platform, drain);
            }
        }
    }

    /**
     * Something was queued for {@code platform} since a drain under way read the outbox: it reads
     * again as soon as one of its lanes is free, rather than leaving it for the next drain. Nothing
     * happens when no drain is under way, or the platform takes one message at a time.
     */
    public void moreQueued(Platform platform) {
        LaneDrain drain = underWay.get(platform);
        if (drain != null) {
            drain.moreQueued();
        }
    }

    private List<OutboxEntry> due(Platform platform) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> outbox.due(platform, now, BATCH));
    }

    /** One message at a time, in rounds of at most {@link #BATCH}. */
    private int drainInTurn(Platform platform, Messenger messenger) {
        int delivered = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<OutboxEntry> due = due(platform);
            LaneDrain.Lane lane = deliverInTurn(due, messenger);
            delivered += lane.delivered();
            // A fallback or notice queued this round is said in the next, not left for a later drain.
            // A thread told to stop ends with this round; what is left waits in the outbox for the next start.
            if (due.size() < BATCH && !lane.toldSomeone() || Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return delivered;
    }

    private static ExecutorService lanes(Platform platform) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(LANES, LANES, LANE_IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.numbered(
                        "afterglow-" + platform.name().toLowerCase(Locale.ROOT) + "-delivery-lane-"));
        // Idle lanes end, so a quiet bot keeps no threads for this and nothing needs stopping.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Tries {@code entries} one after the other, in order. */
    private LaneDrain.Lane deliverInTurn(List<OutboxEntry> entries, Messenger messenger) {
        int delivered = 0;
        boolean toldSomeone = false;
        for (OutboxEntry queued : entries) {
            if (Thread.currentThread().isInterrupted()) {
                // Stopping: the rest wait in the outbox for the next start.
                break;
            }
            Optional<Tried> tried = queued.message().shows().isPresent()
                    || queued.message().ifBusy().isPresent()
                    ? order.forPerson(queued.recipient(), () -> deliver(queued, messenger))
                    : deliver(queued, messenger);
            toldSomeone |= tried.filter(Tried::toldSomeone).isPresent();
            if (tried.filter(t -> t.how().result() == Messenger.Delivery.Result.DELIVERED).isPresent()) {
                delivered++;
            } else {
                tried.ifPresent(t -> LOG.info("outbox entry {} not delivered ({} {}), attempt {}", queued.id(),
                        t.how().result(), t.how().code(), queued.attempts() + 1));
            }
        }
        return new LaneDrain.Lane(delivered, toldSomeone);
    }

    /**
     * The platform shows that entry {@code entryId} reached its recipient, though its try may have
     * been recorded as failed (the send took effect and only its answer was lost): it is delivered,
     * and what it shows is on their screen, so their reply to it is read against it. Takes the
     * recipient's turn as a delivery does, so it never lands while their reply is being read, nor
     * before the try that sent it is recorded; it does not wait for a drain to end.
     */
    public void arrived(long entryId) {
        transactions.inTransaction(() -> outbox.find(entryId)).ifPresent(found -> order.forPerson(found.recipient(), () -> {
            // Read again in the recipient's turn: the try that sent it may have recorded it, or what it sent, since.
            transactions.run(() -> outbox.find(entryId).ifPresent(entry -> {
                outbox.delivered(entry.id());
                screens.shown(entry.message());
                LOG.info("outbox entry {} reached its recipient though its try went unanswered", entry.id());
            }));
            return null;
        }));
    }

    /** How one try of an entry went, and whether it queued a message for someone else (a fallback or a notice). */
    private record Tried(Messenger.Delivery how, boolean toldSomeone) {
    }

    /** Tries one entry once and records how it went; empty when it was dropped unsent. */
    private Optional<Tried> deliver(OutboxEntry queued, Messenger messenger) {
        Optional<OutboxEntry> decided = decide(queued);
        if (decided.isEmpty()) {
            return Optional.empty();
        }
        OutboxEntry entry = decided.get();
        Messenger.Delivery result;
        try {
            result = messenger.deliver(entry);
        } catch (RuntimeException e) {
            LOG.warn("delivering outbox entry {} failed: {}", entry.id(), SafeLog.describe(e));
            result = Messenger.Delivery.retry(e.getClass().getSimpleName());
        }
        Messenger.Delivery outcome = result;
        Platform platform = entry.recipient().platform();
        int inARow = failuresInARow.getOrDefault(platform, 0);
        if (outcome.result() == Messenger.Delivery.Result.DELIVERED) {
            failuresInARow.put(platform, 0);
        } else if (outcome.result() == Messenger.Delivery.Result.RETRY && outcome.waitAsked().isEmpty()) {
            failuresInARow.merge(platform, 1, Integer::sum);
        }
        boolean told = transactions.inTransaction(() -> switch (outcome.result()) {
            case DELIVERED -> {
                outbox.delivered(entry.id());
                screens.shown(entry.message());
                yield false;
            }
            case RETRY -> retry(queued, entry, outcome, inARow);
            case UNREACHABLE -> unreachable(entry, outcome);
            case REFUSED -> giveUp(entry, outcome);
        });
        return Optional.of(new Tried(outcome, told));
    }

    /**
     * The entry as it is to be sent: on its first try, a message that may wait is settled (shown,
     * or its stand-in); one about a check-in that no longer takes the person's answers is dropped.
     */
    private Optional<OutboxEntry> decide(OutboxEntry entry) {
        if (entry.attempts() > 0 || entry.message().ifBusy().isEmpty()) {
            return Optional.of(entry);
        }
        return transactions.inTransaction(() -> {
            Optional<Message> settled = screens.beforeShowing(entry.message());
            if (settled.isEmpty()) {
                outbox.delivered(entry.id());
                LOG.info("outbox entry {} was about a check-in that has closed for its recipient and was dropped", entry.id());
            }
            return settled.map(entry::with);
        });
    }

    /**
     * Tries again later — after the wait a rate limit asked for, else after a backoff that grows with
     * each counted attempt, up to {@link #MAX_BACKOFF_WHILE_UP} while the platform takes other
     * messages — unless it has been failing for {@link #GIVE_UP_AFTER}; true when it gave up and
     * told someone. {@code failuresInARow} is the platform's count before this failure.
     */
    private boolean retry(OutboxEntry queued, OutboxEntry entry, Messenger.Delivery how, int failuresInARow) {
        Instant now = clock.instant();
        if (entry.firstFailed().filter(first -> !now.isBefore(first.plus(GIVE_UP_AFTER))).isPresent()) {
            return giveUp(entry, how);
        }
        if (entry != queued) {
            outbox.replace(entry.id(), entry.message());
        }
        if (how.waitAsked().isPresent()) {
            // A rate limit says when the platform will take it, and is no failure of this message: were
            // it counted, a message unlucky enough to meet several limits in a row would wait up to
            // MAX_BACKOFF while everything queued after it goes out.
            outbox.postpone(entry.id(), now, now.plus(how.waitAsked().get()));
        } else {
            Duration wait = backoff(entry.attempts());
            if (failuresInARow < entry.attempts() && wait.compareTo(MAX_BACKOFF_WHILE_UP) > 0) {
                // The platform took another message between this one's failures: they are the
                // homeserver's hiccups, not an outage, and the message that met them most is tried
                // first in every drain, so it meets the next hiccup first too. Waiting up to an hour
                // would leave its person without the answer they are waiting for.
                wait = MAX_BACKOFF_WHILE_UP;
            }
            outbox.retryLater(entry.id(), now, now.plus(wait));
        }
        return false;
    }

    /** Says the fallback, if the message has one, instead; otherwise gives it up. True when someone was told. */
    private boolean unreachable(OutboxEntry entry, Messenger.Delivery how) {
        Optional<Message> fallback = entry.message().ifUnreachable();
        if (fallback.isEmpty()) {
            return giveUp(entry, how);
        }
        // Said about the recipient, so it goes with them: erased, or their partnership ended.
        outbox.add(fallback.get(), clock.instant(), Optional.of(entry.message().to()), Optional.empty());
        outbox.delivered(entry.id());
        LOG.info("outbox entry {} cannot reach its recipient ({}); its fallback was queued", entry.id(), how.code());
        return true;
    }

    /**
     * Drops the entry for good and tells whoever's action queued it, if that is someone other than
     * its recipient (who could not be reached anyway). The notice itself names nobody to tell, so a
     * notice that cannot be delivered ends there; it names the recipient, so it is dropped if they
     * are erased, or their partnership with the one told ends, before it arrives. True when someone was told.
     */
    private boolean giveUp(OutboxEntry entry, Messenger.Delivery how) {
        outbox.delivered(entry.id());
        Optional<PersonId> tell = entry.cause().filter(cause -> !cause.equals(entry.message().to()));
        tell.ifPresent(cause -> outbox.add(Undelivered.notice(cause, entry.recipient().displayName(),
                entry.recipient().platform(), how), clock.instant(), Optional.of(entry.message().to()), Optional.empty()));
        LOG.warn("outbox entry {} to a {} user given up after {} attempt(s): {} {}; {}", entry.id(),
                entry.recipient().platform(), entry.attempts() + 1, how.result(), how.code(),
                tell.isPresent() ? "whoever caused it was told" : "nobody else to tell");
        return tell.isPresent();
    }

    static Duration backoff(int attempts) {
        Duration d = Duration.ofSeconds(5).multipliedBy(1L << Math.min(attempts, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
