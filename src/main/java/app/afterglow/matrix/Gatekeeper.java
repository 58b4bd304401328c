package app.afterglow.matrix;

import app.afterglow.config.MatrixConfig;

import java.util.Objects;

/**
 * Who may use the bot — the host's list of users and servers — and whether a stranger has
 * already been told no, so each is refused politely exactly once. Thread-safe.
 */
final class Gatekeeper {
    private final MatrixConfig config;
    private final MatrixState state;

    Gatekeeper(MatrixConfig config, MatrixState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.state = Objects.requireNonNull(state, "state");
    }

    boolean allows(String userId) {
        return config.allows(userId);
    }

    /** Records a refusal of {@code userId}; true only the first time, when the refusal should be said. */
    boolean firstRefusal(String userId) {
        return state.firstRefusal(userId);
    }
}
