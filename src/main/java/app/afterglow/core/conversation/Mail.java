package app.afterglow.core.conversation;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends messages to people other than (or besides) the one acting, through the stored outbox,
 * in the same transaction as the change that caused them. While a thread {@link #hold}s, what it
 * mails waits and is queued when the hold is sent, so the actor's own answer can go first.
 * Thread-safe.
 */
public final class Mail {
    private final Outbox outbox;
    private final People people;
    private final ThreadLocal<List<Runnable>> held = new ThreadLocal<>();

    public Mail(Outbox outbox, People people) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.people = Objects.requireNonNull(people, "people");
    }

    /**
     * Holds what this thread mails from now on until {@link Held#send()} queues it, in order; a
     * hold closed unsent drops it (its transaction is being undone).
     */
    public Held hold() {
        List<Runnable> waiting = new ArrayList<>();
        held.set(waiting);
        return new Held(waiting);
    }

    /** What one thread mailed while holding. */
    public final class Held implements AutoCloseable {
        private final List<Runnable> waiting;

        private Held(List<Runnable> waiting) {
            this.waiting = waiting;
        }

        /** Queues everything held, in the order it was mailed, and stops holding; true if there was any. */
        public boolean send() {
            close();
            boolean any = !waiting.isEmpty();
            waiting.forEach(Runnable::run);
            waiting.clear();
            return any;
        }

        @Override
        public void close() {
            held.remove();
        }
    }

    /** The acting person's own answer, queued at once even while this thread holds what goes to others. */
    public void reply(Message message, Instant now) {
        outbox.add(message, now);
    }

    /** Delivered as soon as possible: a direct consequence of someone acting now. */
    public void now(Message message, Instant now) {
        put(() -> outbox.add(message, now));
    }

    /**
     * As {@link #now(Message, Instant)}, for a message carrying {@code author}'s words or data to
     * their partner: if the author erases their data before it is delivered, it goes with them.
     */
    public void now(Message message, PersonId author, Instant now) {
        put(() -> outbox.add(message, now, Optional.of(author), Optional.empty()));
    }

    /**
     * As {@link #now(Message, PersonId, Instant)}, sent because of what {@code turn}'s actor just
     * did: if it can never be delivered, they are the one told (unless it was to them).
     */
    public void now(Message message, PersonId author, Turn turn) {
        put(() -> outbox.add(message, turn.now(), Optional.of(author), Optional.of(turn.actor().id())));
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
            put(() -> outbox.addHeld(message, allowed, author, Optional.empty()));
        } else {
            put(() -> outbox.add(message, at, author, Optional.empty()));
        }
    }

    private void put(Runnable queue) {
        List<Runnable> waiting = held.get();
        if (waiting == null) {
            queue.run();
        } else {
            waiting.add(queue);
        }
    }
}
