package app.afterglow.core.messages;

import java.util.Objects;

/**
 * A run of text in a line.
 *
 * @param source {@link Source#PERSON} marks words a person wrote or chose to be called (answers,
 *               display names): renderers must show them inert, never as a mention, link or
 *               markup. {@link Source#COMMAND} is a bot command without its prefix
 *               ("partner invite"), which each platform writes its own way.
 */
public record Segment(String text, Source source) {
    public enum Source { BOT, PERSON, COMMAND }

    public Segment {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }

    public static Segment bot(String text) {
        return new Segment(text, Source.BOT);
    }

    public static Segment person(String text) {
        return new Segment(text, Source.PERSON);
    }

    public static Segment command(String text) {
        return new Segment(text, Source.COMMAND);
    }
}
