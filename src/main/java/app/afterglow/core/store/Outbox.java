package app.afterglow.core.store;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Messages to deliver, stored (encrypted) in the same transaction as the change that caused
 * them, so a crash between commit and send loses nothing.
 */
public interface Outbox {
    /** Queues {@code message} for its recipient, not to be delivered before {@code notBefore}. */
    default void add(Message message, Instant notBefore) {
        add(message, notBefore, Optional.empty(), Optional.empty());
    }

    /**
     * As {@link #add(Message, Instant)}, for a message that carries {@code quoting}'s words or
     * data (their answers, a need, their preferences, their name) to someone else: erasing that
     * person erases the entry with them, however long it has waited for delivery. {@code cause}
     * is whoever's action queued it: the entry names them to be told if it can never be delivered.
     */
    void add(Message message, Instant notBefore, Optional<PersonId> quoting, Optional<PersonId> cause);

    /**
     * As {@link #add(Message, Instant, Optional, Optional)}, for a message held back only by its
     * recipient's quiet hours, which end at {@code until}: {@link #release} lets it go earlier.
     */
    void addHeld(Message message, Instant until, Optional<PersonId> quoting, Optional<PersonId> cause);

    /**
     * The recipient is awake and talking to the bot: what waits only for their quiet hours is due
     * now, after whatever was queued before this call. Returns whether anything was held for
     * them, including what their quiet hours' end made due and nothing has delivered yet.
     */
    boolean release(PersonId recipient, Instant now);

    /**
     * Keeps {@code message} in place of what entry {@code entryId} held, so every later try of that
     * entry sends the same thing.
     */
    void replace(long entryId, Message message);

    /** Entries for recipients on {@code platform} that may be delivered at {@code now}, oldest first. */
    List<OutboxEntry> due(Platform platform, Instant now, int limit);

    /** Entry {@code entryId}, if it is still waiting. */
    Optional<OutboxEntry> find(long entryId);

    /** Delivered, or given up on: remove it. */
    void delivered(long entryId);

    /**
     * Not delivered at {@code failedAt}: try again at {@code retryAt}, counting the attempt and
     * keeping the time of the first failure.
     */
    void retryLater(long entryId, Instant failedAt, Instant retryAt);

    /**
     * Not delivered at {@code failedAt} because the platform asked the bot to wait: try again at
     * {@code retryAt} without counting an attempt, keeping the time of the first failure.
     */
    void postpone(long entryId, Instant failedAt, Instant retryAt);

    void deleteForPerson(PersonId person);

    /**
     * Drops whatever still waits to go to either of {@code a} and {@code b} carrying the other's
     * words, data or name (a close notice waiting out quiet hours, a delivery being retried): when
     * their partnership ends, nothing of one may reach the other after it. Returns how many.
     */
    int deleteBetween(PersonId a, PersonId b);

    /**
     * Erases, for good, every entry that was due, or first failed, before {@code cutoff}: it may
     * quote a check-in that is being erased as old, and it has waited far longer than any delivery
     * should. Returns how many were erased.
     */
    int eraseQueuedBefore(Instant cutoff);
}
