package app.afterglow.core.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One paragraph of a message. */
public record Line(Style style, List<Segment> segments) {
    public Line {
        Objects.requireNonNull(style, "style");
        segments = List.copyOf(segments);
    }

    /** Builds a line from bot text and {@link Segment}s, e.g. {@code Line.of(TEXT, "Hi ", Segment.person(name))}. */
    public static Line of(Style style, Object... parts) {
        List<Segment> segments = new ArrayList<>();
        for (Object part : parts) {
            segments.add(part instanceof Segment s ? s : Segment.bot(String.valueOf(part)));
        }
        return new Line(style, segments);
    }

    public static Line text(Object... parts) {
        return of(Style.TEXT, parts);
    }

    public static Line title(Object... parts) {
        return of(Style.TITLE, parts);
    }

    public static Line note(Object... parts) {
        return of(Style.NOTE, parts);
    }

    public static Line quote(Object... parts) {
        return of(Style.QUOTE, parts);
    }

    /** The plain text, with nothing escaped: for tests and for measuring length. */
    public String plain() {
        StringBuilder sb = new StringBuilder();
        segments.forEach(s -> sb.append(s.text()));
        return sb.toString();
    }
}
