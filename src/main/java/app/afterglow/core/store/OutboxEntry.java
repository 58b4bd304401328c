package app.afterglow.core.store;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.PlatformUser;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message waiting to be delivered. Its id is stable across restarts, so platforms that
 * deduplicate sends (Matrix transaction ids) derive their key from it.
 *
 * @param cause       whose action queued it, told if it can never be delivered; empty for what
 *                    the schedule sent, or when that person has since erased their data
 * @param firstFailed when a try first failed; empty until then
 */
public record OutboxEntry(long id, PlatformUser recipient, Message message, Instant notBefore, int attempts,
                          Optional<PersonId> cause, Optional<Instant> firstFailed) {
    public OutboxEntry {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(firstFailed, "firstFailed");
    }

    /** The same entry, to send {@code other} instead. */
    public OutboxEntry with(Message other) {
        return new OutboxEntry(id, recipient, other, notBefore, attempts, cause, firstFailed);
    }
}
