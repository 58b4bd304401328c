package app.afterglow.core.conversation;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * As {@link #now(Message, Instant)}, for a message carrying {@code author}'s words or data to
     * their partner: if the author erases their data before it is delivered, it goes with them.
     */
    public void now(Message message, PersonId author, Instant now) {
        outbox.add(message, now, Optional.of(author), Optional.empty());
    }

    /**
     * As {@link #now(Message, PersonId, Instant)}, sent because of what {@code turn}'s actor just
     * did: if it can never be delivered, they are the one told (unless it was to them).
     */
    public void now(Message message, PersonId author, Turn turn) {
        outbox.add(message, turn.now(), Optional.of(author), Optional.of(turn.actor().id()));
    }

    /**
     * Delivered at {@code at} or, if that falls in the recipient's quiet hours, when they end, or
     * when the recipient next speaks to the bot, whichever comes first.
     */
    public void considerate(Message message, Instant at) {
        considerate(message, Optional.empty(), at);
    }

    /** As {@link #considerate(Message, Instant)}, for a message carrying {@code author}'s words or data. */
    public void considerate(Message message, PersonId author, Instant at) {
        considerate(message, Optional.of(author), at);
    }

    private void considerate(Message message, Optional<PersonId> author, Instant at) {
        Instant allowed = QuietTime.nextAllowed(people.require(message.to()), at);
        if (allowed.isAfter(at)) {
            outbox.addHeld(message, allowed, author, Optional.empty());
        } else {
            outbox.add(message, at, author, Optional.empty());
        }
    }
}
