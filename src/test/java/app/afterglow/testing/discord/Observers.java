package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** Every observer of one stand-in, told in the order they were added. Thread-safe. */
final class Observers implements StandInObserver {
    private final List<StandInObserver> all = new CopyOnWriteArrayList<>();

    void add(StandInObserver observer) {
        all.add(observer);
    }

    @Override
    public void dispatched(long interactionId, long nanos) {
        all.forEach(o -> o.dispatched(interactionId, nanos));
    }

    @Override
    public void callbackArrived(long interactionId, int status, JsonNode body, long nanos) {
        all.forEach(o -> o.callbackArrived(interactionId, status, body, nanos));
    }

    @Override
    public void messageChanged(StandInMessage message) {
        all.forEach(o -> o.messageChanged(message));
    }

    /** Like {@link #messageChanged}, making the snapshot only when someone listens: copying a message is not free. */
    void messageChanged(Supplier<StandInMessage> message) {
        if (!all.isEmpty()) {
            messageChanged(message.get());
        }
    }
}
