package app.afterglow.matrix;

import app.afterglow.core.Input;

import java.util.Objects;
import java.util.Optional;

/**
 * The check-in step a reply made with the client's reply feature quotes. A quoted question of the
 * bot's binds the reply to that question. Any other message of the bot's (a notice, a reveal, a
 * question so old the bot no longer keeps what it showed) names no step the bot can place, and
 * the person is asked rather than their words filed under whatever is on screen. A quoted message
 * of anyone else's says nothing about where the words go: they answer what is on screen.
 */
final class QuotedSteps {
    private final String botUserId;
    private final MatrixApi api;
    private final MatrixState state;

    QuotedSteps(String botUserId, MatrixApi api, MatrixState state) {
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * The step the reply to {@code eventId} in {@code roomId} answers: that message's step,
     * {@link Input.Say#NOTHING_SHOWN} for another message of the bot's or when the homeserver
     * cannot say whose it is, or empty for someone else's message.
     */
    Optional<String> quotedBy(String roomId, String eventId) throws InterruptedException {
        Optional<String> step = state.shownBy(roomId, eventId);
        if (step.isPresent()) {
            return step;
        }
        try {
            Optional<String> sender = api.sender(roomId, eventId);
            return sender.isEmpty() || !sender.get().equals(botUserId) ? Optional.empty() : Optional.of(Input.Say.NOTHING_SHOWN);
        } catch (MatrixException e) {
            return Optional.of(Input.Say.NOTHING_SHOWN);
        }
    }
}
