package app.afterglow.matrix;

import java.util.Objects;
import java.util.Optional;

/**
 * The check-in step each DM shows, in the room's own order. A person's message answers the
 * latest question before it in the room's timeline: a question the bot sent while they were
 * typing comes after their message there, so the message was written with the step before on
 * screen, however soon the bot heard that its question had gone. The homeserver brings each of the
 * bot's messages back in the sync at its place in the timeline, and that is when it counts as
 * shown. Called from the sync thread only.
 */
final class OnScreen {
    private final MatrixState state;

    OnScreen(MatrixState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /** One of the bot's messages came back in {@code roomId}'s timeline; from here on, the step it shows is on screen. */
    void echoed(String roomId, SyncBatch.Echo echo) {
        // By its transaction id first: the sync may bring it back before its send was answered.
        Optional<String> step = echo.txnId().isEmpty() ? Optional.empty() : state.sentUnder(roomId, echo.txnId());
        Optional<String> known = state.shownBy(roomId, echo.eventId());
        if (step.isPresent() && known.isEmpty()) {
            // A send answered with errors never told the bot its event id, yet the person sees the
            // question and may answer it with their client's reply feature.
            state.shown(roomId, echo.eventId(), step.get());
        }
        step.or(() -> known).ifPresent(token -> state.onScreen(roomId, token));
    }

    /** The step on screen in {@code roomId} at the point the sync has reached, if the bot has shown one there. */
    Optional<String> now(String roomId) {
        return state.onScreen(roomId);
    }
}
