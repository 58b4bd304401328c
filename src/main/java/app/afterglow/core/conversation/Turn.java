package app.afterglow.core.conversation;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.Person;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One handling of one person's input: who acts, at what moment, and what the bot answers them
 * where they acted. Messages to anyone else go through {@link Mail}. Confined to one thread.
 */
public final class Turn {
    private final Person actor;
    private final Instant now;
    private final List<Message> replies = new ArrayList<>();

    public Turn(Person actor, Instant now) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.now = Objects.requireNonNull(now, "now");
    }

    public Person actor() {
        return actor;
    }

    public Instant now() {
        return now;
    }

    public void reply(Message message) {
        if (!message.to().equals(actor.id())) {
            throw new IllegalArgumentException("a reply goes to the person who acted");
        }
        replies.add(message);
    }

    public void reply(Line... lines) {
        reply(Message.of(actor.id(), lines));
    }

    /** Tells the actor why their input changed nothing. */
    public void refuse(Line... lines) {
        reply(Message.notice(actor.id(), lines));
    }

    public List<Message> replies() {
        return List.copyOf(replies);
    }
}
