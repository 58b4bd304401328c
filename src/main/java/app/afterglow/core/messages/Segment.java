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

    /**
     * A person's words, made safe to show: control characters (but line breaks) and the Unicode
     * direction overrides and isolates are removed, so text written by one partner cannot
     * reorder or hide the bot's text around it. Everything else, every script and emoji, stays.
     */
    public static Segment person(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == '\n' || !Character.isISOControl(c) && !directionControl(c))
                .forEach(sb::appendCodePoint);
        return new Segment(sb.toString(), Source.PERSON);
    }

    private static boolean directionControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    public static Segment command(String text) {
        return new Segment(text, Source.COMMAND);
    }
}
