package app.afterglow.consent;

import app.afterglow.consent.Section.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads console output ({@code [to NAME] text} lines) into sections, using only the transcript
 * format people see: titles in {@code ** **}, indented continuation lines, numbered review items,
 * {@code > } quotes. Anything it does not recognise becomes a {@link Kind#LOOSE} section, which
 * changes nothing in the model.
 */
final class Transcript {
    static final String INDENT = "   ";
    static final String QUOTE = "   > ";
    static final String ECHO_NOTE = "Here's what you wrote";
    static final String NOTHING_SHARED = "Nothing was shared both ways this time";

    private static final Pattern TO = Pattern.compile("^\\[to ([^\\]]+)] ?(.*)$");
    private static final Pattern TITLE = Pattern.compile("^\\*\\* (.+) \\*\\*$");
    private static final Pattern WITH_SUFFIX = Pattern.compile("^(.+) with (\\S+) · (.+)$");
    private static final Pattern WITH = Pattern.compile("^(.+) with (\\S+)$");
    private static final Pattern POSITION = Pattern.compile("^(\\d+) of (\\d+)$");
    private static final Pattern NEED = Pattern.compile("^(\\S+) could use, right now:$");
    static final Pattern ITEM = Pattern.compile("^(\\d+)\\. (.*)$");

    private Transcript() {
    }

    /** One delivered line: who it went to and what they read. */
    record Said(String to, String text) {
        static Optional<Said> of(String raw) {
            Matcher m = TO.matcher(raw);
            return m.matches() ? Optional.of(new Said(m.group(1), m.group(2))) : Optional.empty();
        }
    }

    static List<Section> sections(List<String> output) {
        List<Section> done = new ArrayList<>();
        Builder current = null;
        for (int i = 0; i < output.size(); i++) {
            Optional<Said> said = Said.of(output.get(i));
            if (said.isEmpty()) {
                current = finish(current, done);
                continue;
            }
            String to = said.get().to();
            String text = said.get().text();
            String next = i + 1 < output.size() ? Said.of(output.get(i + 1)).filter(s -> s.to().equals(to)).map(Said::text).orElse("") : "";
            if (current != null && !current.to.equals(to)) {
                current = finish(current, done);
            }
            Matcher title = TITLE.matcher(text);
            if (title.matches()) {
                finish(current, done);
                current = titled(to, text, title.group(1));
            } else if (text.contains(ECHO_NOTE)) {
                finish(current, done);
                current = new Builder(to, Kind.ECHO, Optional.empty(), 0);
                current.lines.add(text);
            } else if (current != null && current.accepts(text, next)) {
                current.lines.add(text);
            } else {
                finish(current, done);
                current = new Builder(to, Kind.LOOSE, Optional.empty(), 0);
                current.lines.add(text);
            }
        }
        finish(current, done);
        return done;
    }

    private static Builder titled(String to, String line, String inner) {
        Matcher m = WITH_SUFFIX.matcher(inner);
        Builder b;
        if (m.matches()) {
            Optional<Checkin> c = Optional.of(new Checkin(m.group(1), m.group(2)));
            String suffix = m.group(3);
            Matcher position = POSITION.matcher(suffix);
            if (position.matches()) {
                b = new Builder(to, Kind.QUESTION, c, Integer.parseInt(position.group(1)));
            } else {
                b = new Builder(to, switch (suffix) {
                    case "your answers before you send them" -> Kind.REVIEW;
                    case "paused" -> Kind.PAUSED;
                    case "waiting for you" -> Kind.WAITING;
                    case "what you both shared" -> Kind.REVEAL;
                    default -> Kind.OTHER;
                }, c, 0);
            }
        } else if ((m = WITH.matcher(inner)).matches() && !m.group(2).equals("you")) {
            b = new Builder(to, Kind.NOTICE, Optional.of(new Checkin(m.group(1), m.group(2))), 0);
        } else {
            b = new Builder(to, NEED.matcher(inner).matches() ? Kind.NEED : Kind.OTHER, Optional.empty(), 0);
        }
        b.lines.add(line);
        return b;
    }

    private static Builder finish(Builder b, List<Section> done) {
        if (b != null) {
            done.add(new Section(b.to, b.kind, b.checkin, b.number, b.lines));
        }
        return null;
    }

    private static final class Builder {
        final String to;
        final Kind kind;
        final Optional<Checkin> checkin;
        final int number;
        final List<String> lines = new ArrayList<>();
        boolean closed;

        Builder(String to, Kind kind, Optional<Checkin> checkin, int number) {
            this.to = to;
            this.kind = kind;
            this.checkin = checkin;
            this.number = number;
        }

        /** Whether {@code text} continues this section; {@code next} is the same person's next line, for look-ahead. */
        boolean accepts(String text, String next) {
            if (closed) {
                return false;
            }
            boolean indented = text.startsWith(INDENT);
            return switch (kind) {
                case LOOSE -> true;
                case ECHO -> text.startsWith(QUOTE);
                case REVIEW -> {
                    // The review's own reply line is its last; what follows is another message.
                    closed = text.startsWith(INDENT + "Reply:");
                    yield indented || ITEM.matcher(text).matches();
                }
                case REVEAL -> {
                    if (indented) {
                        closed = !text.startsWith(QUOTE);
                        yield true;
                    }
                    yield text.startsWith(NOTHING_SHARED) || next.startsWith(QUOTE);
                }
                default -> lines.size() == 1 || indented;
            };
        }
    }
}
