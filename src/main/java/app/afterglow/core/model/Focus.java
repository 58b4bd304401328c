package app.afterglow.core.model;

import java.util.Optional;

/**
 * The check-in step a person was last shown: a question, the review or the pause. On platforms
 * where people answer by typing, a reply answers this step and nothing else; if the check-in has
 * moved on or closed since, the reply is not filed anywhere.
 *
 * @param step the question's index from 0, the question count for the review, or {@link #PAUSED}
 */
public record Focus(long checkinId, int step) {
    public static final int PAUSED = -1;
    private static final String PREFIX = "fx:";

    public Focus {
        if (step < PAUSED) {
            throw new IllegalArgumentException("step " + step);
        }
    }

    /** An opaque token naming this step, for adapters that must remember which message showed it. */
    public String token() {
        return PREFIX + checkinId + ":" + step;
    }

    /** The step a {@link #token()} names; empty for anything else. */
    public static Optional<Focus> fromToken(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = token.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            int step = Integer.parseInt(parts[1]);
            return step < PAUSED ? Optional.empty() : Optional.of(new Focus(Long.parseLong(parts[0]), step));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
