package app.afterglow.core.messages;

import java.util.Objects;

/**
 * A run of text in a line. {@code fromPerson} marks words a person wrote or chose to be called
 * (answers, display names): renderers must show them inert, never as a mention, link or markup.
 */
public record Segment(String text, boolean fromPerson) {
    public Segment {
        Objects.requireNonNull(text, "text");
    }

    public static Segment bot(String text) {
        return new Segment(text, false);
    }

    public static Segment person(String text) {
        return new Segment(text, true);
    }
}
