package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hears what happens at the stand-in as it happens, for measurements and for drivers that wait
 * on many people at once without polling. Called on the stand-in's gateway, REST and caller
 * threads, sometimes under the stand-in's locks: implementations must be thread-safe, quick, and
 * must not call back into the stand-in.
 */
public interface StandInObserver {
    /**
     * Interaction {@code interactionId} is being written to the bot's gateway connection, at
     * {@code nanos} by {@link System#nanoTime()}; while the bot is disconnected, when it was queued
     * for the replay on resume.
     */
    default void dispatched(long interactionId, long nanos) {
    }

    /**
     * The bot's callback for interaction {@code interactionId} arrived, at {@code nanos} by
     * {@link System#nanoTime()}, before the stand-in decided its answer; {@code status} is that
     * answer (200 for the first, 400 for an interaction already acknowledged), {@code body} what
     * the bot sent (a JSON null node for none), not to be changed.
     */
    default void callbackArrived(long interactionId, int status, JsonNode body, long nanos) {
    }

    /** The bot created or edited a message; {@code message} is its state afterwards. */
    default void messageChanged(StandInMessage message) {
    }
}
