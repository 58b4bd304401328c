package app.afterglow.core.conversation;

import app.afterglow.core.messages.Message;
import app.afterglow.core.store.Outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * Sends messages to people other than (or besides) the one acting, through the stored outbox,
 * in the same transaction as the change that caused them.
 */
public final class Mail {
    private final Outbox outbox;
    private final People people;

    public Mail(Outbox outbox, People people) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.people = Objects.requireNonNull(people, "people");
    }

    /** Delivered as soon as possible: a direct consequence of someone acting now. */
    public void now(Message message, Instant now) {
        outbox.add(message, now);
    }

    /** Delivered at {@code at} or, if that falls in the recipient's quiet hours, when they end. */
    public void considerate(Message message, Instant at) {
        outbox.add(message, QuietTime.nextAllowed(people.require(message.to()), at));
    }
}
