package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Every message the bot created, in creation order, kept up to date with its edits. REST threads
 * write, tests read and wait; all under this object's lock, and nothing stored escapes uncopied.
 */
final class MessageStore {
    private final Map<Long, ObjectNode> byId = new LinkedHashMap<>();
    private final Observers observers;

    MessageStore(Observers observers) {
        this.observers = observers;
    }

    synchronized void add(ObjectNode message) {
        ObjectNode stored = message.deepCopy();
        byId.put(idOf(stored), stored);
        observers.messageChanged(() -> toPublic(stored));
        notifyAll();
    }

    synchronized Optional<ObjectNode> get(long id) {
        return Optional.ofNullable(byId.get(id)).map(ObjectNode::deepCopy);
    }

    /** Applies {@code edit} to a copy of the message and stores the result; empty if unknown. */
    synchronized Optional<ObjectNode> update(long id, UnaryOperator<ObjectNode> edit) {
        ObjectNode current = byId.get(id);
        if (current == null) {
            return Optional.empty();
        }
        ObjectNode edited = edit.apply(current.deepCopy());
        byId.put(id, edited);
        observers.messageChanged(() -> toPublic(edited));
        notifyAll();
        return Optional.of(edited.deepCopy());
    }

    synchronized boolean remove(long id) {
        return byId.remove(id) != null;
    }

    synchronized List<StandInMessage> snapshot() {
        List<StandInMessage> all = new ArrayList<>();
        byId.values().forEach(message -> all.add(toPublic(message)));
        return all;
    }

    /**
     * The first message, in creation order, whose current state matches; re-checked after every
     * creation and edit. An AssertionError after {@code timeout} of monotonic time.
     */
    synchronized StandInMessage await(Predicate<? super StandInMessage> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ObjectNode message : byId.values()) {
                StandInMessage candidate = toPublic(message);
                if (predicate.test(candidate)) {
                    return candidate;
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("no matching message within " + timeout + "; messages: " + byId.values());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a message", e);
            }
        }
    }

    private static StandInMessage toPublic(ObjectNode message) {
        return new StandInMessage(idOf(message), Long.parseUnsignedLong(message.get("channel_id").asText()),
                message.deepCopy());
    }

    private static long idOf(ObjectNode message) {
        return Long.parseUnsignedLong(message.get("id").asText());
    }
}
