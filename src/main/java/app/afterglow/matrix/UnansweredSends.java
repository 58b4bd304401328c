package app.afterglow.matrix;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Outbox entries whose last send is under way or went unanswered. A send can take effect while
 * its answer is lost (a 500 from a proxy, a dropped connection), and the retries that follow may
 * fail before one is answered; meanwhile the person reads the message and replies to it. The
 * homeserver echoes each of the bot's events back in its sync with the transaction id it was sent
 * under, so when an entry's last send comes back, all of the entry has arrived and the core is
 * told, before the replies of that batch are read. Kept in memory: after a restart the entry's
 * next try, answered by the homeserver as a repeat, delivers it. Thread-safe.
 */
final class UnansweredSends {
    private final Map<String, Long> entriesByLastTxnId = new ConcurrentHashMap<>();
    private final LongConsumer arrived;

    /** @param arrived told the id of an entry whose last send came back */
    UnansweredSends(LongConsumer arrived) {
        this.arrived = Objects.requireNonNull(arrived, "arrived");
    }

    /** Entry {@code entryId} is being sent, {@code lastTxnId} being the transaction id of its last send. */
    void sending(long entryId, String lastTxnId) {
        entriesByLastTxnId.put(lastTxnId, entryId);
    }

    /** The try of the entry whose last send is {@code lastTxnId} was answered: delivered, or not sent at all. */
    void answered(String lastTxnId) {
        entriesByLastTxnId.remove(lastTxnId);
    }

    /** One of the bot's own events came back in a sync, sent under {@code txnId}. */
    void echoed(String txnId) {
        Long entryId = entriesByLastTxnId.remove(txnId);
        if (entryId != null) {
            arrived.accept(entryId);
        }
    }
}
