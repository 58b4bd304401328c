package app.afterglow.core.store;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PlatformUser;

import java.time.Instant;
import java.util.Objects;

/**
 * A message waiting to be delivered. Its id is stable across restarts, so platforms that
 * deduplicate sends (Matrix transaction ids) derive their key from it.
 */
public record OutboxEntry(long id, PlatformUser recipient, Message message, Instant notBefore, int attempts) {
    public OutboxEntry {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(notBefore, "notBefore");
    }
}
