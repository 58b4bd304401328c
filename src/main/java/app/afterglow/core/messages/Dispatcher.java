package app.afterglow.core.messages;

import app.afterglow.core.model.Platform;
import app.afterglow.core.store.Outbox;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.store.Transactions;
import app.afterglow.core.util.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivers what the outbox holds, through a platform's {@link Messenger}. An entry leaves the
 * outbox only once delivered; failures back off and are retried. What a message shows is decided
 * by {@link Screens} when it is first sent and kept for every retry, so a retry (which a platform
 * may deduplicate) never shows something else. Thread-safe: drains are serialised.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 50;
    private static final int MAX_ROUNDS = 20;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Transactions transactions;
    private final Outbox outbox;
    private final Screens screens;
    private final ScreenOrder order;
    private final Clock clock;

    public Dispatcher(Transactions transactions, Outbox outbox, Screens screens, ScreenOrder order, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.order = Objects.requireNonNull(order, "order");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Delivers every due entry for {@code platform}; returns how many were delivered. */
    public synchronized int drain(Platform platform, Messenger messenger) {
        int delivered = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Instant now = clock.instant();
            List<OutboxEntry> due = transactions.inTransaction(() -> outbox.due(platform, now, BATCH));
            // A fallback queued this round is said in the next, not left for a later drain.
            boolean fallbackQueued = false;
            for (OutboxEntry queued : due) {
                Optional<Messenger.Delivery> outcome = queued.message().shows().isPresent()
                        || queued.message().ifBusy().isPresent()
                        ? order.forPerson(queued.recipient(), () -> deliver(queued, messenger))
                        : deliver(queued, messenger);
                fallbackQueued |= outcome.filter(o -> o == Messenger.Delivery.UNREACHABLE).isPresent()
                        && queued.message().ifUnreachable().isPresent();
                if (outcome.filter(o -> o == Messenger.Delivery.DELIVERED).isPresent()) {
                    delivered++;
                } else {
                    outcome.ifPresent(o -> LOG.info("outbox entry {} not delivered ({}), attempt {}", queued.id(), o,
                            queued.attempts() + 1));
                }
            }
            if (due.size() < BATCH && !fallbackQueued) {
                break;
            }
        }
        return delivered;
    }

    /** Tries one entry once and records how it went; empty when it was dropped unsent. */
    private Optional<Messenger.Delivery> deliver(OutboxEntry queued, Messenger messenger) {
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
            result = Messenger.Delivery.RETRY;
        }
        Messenger.Delivery outcome = result;
        transactions.run(() -> {
            switch (outcome) {
                case DELIVERED -> {
                    outbox.delivered(entry.id());
                    screens.shown(entry.message());
                }
                case RETRY -> {
                    if (entry != queued) {
                        outbox.replace(entry.id(), entry.message());
                    }
                    outbox.retryLater(entry.id(), clock.instant().plus(backoff(entry.attempts())));
                }
                case UNREACHABLE -> unreachable(entry);
            }
        });
        return Optional.of(outcome);
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
            return settled.map(m -> new OutboxEntry(entry.id(), entry.recipient(), m, entry.notBefore(), entry.attempts()));
        });
    }

    /** Says the fallback, if the message has one, and drops it; otherwise keeps it for a much later try. */
    private void unreachable(OutboxEntry entry) {
        Optional<Message> fallback = entry.message().ifUnreachable();
        if (fallback.isPresent()) {
            outbox.add(fallback.get(), clock.instant());
            outbox.delivered(entry.id());
        } else {
            outbox.retryLater(entry.id(), clock.instant().plus(MAX_BACKOFF));
        }
    }

    static Duration backoff(int attempts) {
        Duration d = Duration.ofSeconds(5).multipliedBy(1L << Math.min(attempts, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
