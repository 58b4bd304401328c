package app.afterglow.core.messages;

import app.afterglow.core.store.OutboxEntry;

/**
 * A platform's way of delivering a queued message to its recipient's private conversation.
 * Implemented by each adapter; called by {@link Dispatcher} from one thread at a time.
 */
public interface Messenger {
    enum Delivery {
        DELIVERED,
        /** A passing failure (rate limit, outage): try again soon. */
        RETRY,
        /** The recipient cannot be reached now (closed DMs): keep it and try much later. */
        UNREACHABLE
    }

    /**
     * Delivers the entry. May be called again for an entry it already delivered if the process
     * stopped before that was recorded; platforms that can should deduplicate on the entry id.
     */
    Delivery deliver(OutboxEntry entry);
}
