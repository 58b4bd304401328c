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
 * outbox only once delivered; failures back off and are retried. Thread-safe: drains are
 * serialised.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 50;
    private static final int MAX_ROUNDS = 20;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Transactions transactions;
    private final Outbox outbox;
    private final Clock clock;

    public Dispatcher(Transactions transactions, Outbox outbox, Clock clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
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
            for (OutboxEntry entry : due) {
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
                        case DELIVERED -> outbox.delivered(entry.id());
                        case RETRY -> outbox.retryLater(entry.id(), clock.instant().plus(backoff(entry.attempts())));
                        case UNREACHABLE -> unreachable(entry);
                    }
                });
                fallbackQueued |= outcome == Messenger.Delivery.UNREACHABLE && entry.message().ifUnreachable().isPresent();
                if (outcome == Messenger.Delivery.DELIVERED) {
                    delivered++;
                } else {
                    LOG.info("outbox entry {} not delivered ({}), attempt {}", entry.id(), outcome, entry.attempts() + 1);
                }
            }
            if (due.size() < BATCH && !fallbackQueued) {
                break;
            }
        }
        return delivered;
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
