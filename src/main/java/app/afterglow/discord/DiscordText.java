package app.afterglow.discord;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the core's lines read in Discord markdown, and the one place a person's words are made
 * inert. Pure functions; thread-safe.
 */
final class DiscordText {
    /** Discord's limit for a message's content. */
    static final int MAX_CONTENT = 2000;

    /**
     * Characters escaped wherever they appear in a person's words: markdown (emphasis, code,
     * spoilers, quotes, headings, masked links), mentions ({@code @everyone}, {@code <@id>},
     * {@code <@&role>}, {@code <#channel>}) and link schemes (an escaped colon is never a link).
     */
    private static final String ALWAYS_ESCAPED = "\\*_~`|<>[]()@:#";
    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{15,21}");
    private static final String QUOTE = "> ";
    private static final String NOTE = "-# ";
    private static final String ELLIPSIS = "…";

    private DiscordText() {
    }

    /**
     * A person's words, shown exactly as they wrote them and unable to format, link or mention
     * anything: every markdown character escaped, list and heading markers at a line's start too,
     * control characters other than line breaks and tabs dropped.
     */
    static String inert(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        LineStart state = LineStart.BLANK;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append(c);
                state = LineStart.BLANK;
                continue;
            }
            if (Character.isISOControl(c) && c != '\t') {
                continue;
            }
            boolean escape = ALWAYS_ESCAPED.indexOf(c) >= 0
                    || (state == LineStart.BLANK && (c == '-' || c == '+'))
                    || (state == LineStart.DIGITS && (c == '.' || c == ')'));
            if (escape) {
                out.append('\\');
            }
            out.append(c);
            state = next(state, c);
        }
        return out.toString();
    }

    /** Where a line stands for Discord's line-start markup: lists ("- ", "1. ") and headings. */
    private enum LineStart { BLANK, DIGITS, TEXT }

    private static LineStart next(LineStart state, char c) {
        if (state == LineStart.BLANK && (c == ' ' || c == '\t')) {
            return LineStart.BLANK;
        }
        if ((state == LineStart.BLANK || state == LineStart.DIGITS) && c >= '0' && c <= '9') {
            return LineStart.DIGITS;
        }
        return LineStart.TEXT;
    }

    /** One line of a message as Discord markdown; may span several physical lines. */
    static String line(Line line) {
        StringBuilder sb = new StringBuilder();
        line.segments().forEach(s -> sb.append(segment(s)));
        String text = sb.toString();
        return switch (line.style()) {
            case TITLE -> "**" + text + "**";
            case TEXT -> text;
            case QUOTE -> prefixed(QUOTE, text);
            case NOTE -> prefixed(NOTE, text);
        };
    }

    static String segment(Segment segment) {
        return switch (segment.source()) {
            case BOT -> segment.text();
            case PERSON -> inert(segment.text());
            case COMMAND -> command(segment.text());
        };
    }

    /**
     * A command as its slash command, e.g. {@code `/partner accept`}. A trailing user id (the core
     * names people by their platform id) becomes a mention, which shows the person's name; no
     * message of this bot allows a mention to notify anyone.
     */
    private static String command(String text) {
        String trimmed = text.trim();
        int lastSpace = trimmed.lastIndexOf(' ');
        if (lastSpace > 0 && SNOWFLAKE.matcher(trimmed.substring(lastSpace + 1)).matches()) {
            return "`/" + trimmed.substring(0, lastSpace) + "` <@" + trimmed.substring(lastSpace + 1) + ">";
        }
        return "`/" + trimmed + "`";
    }

    private static String prefixed(String prefix, String text) {
        List<String> lines = new ArrayList<>();
        for (String physical : text.split("\n", -1)) {
            lines.add(physical.isBlank() ? "" : prefix + physical);
        }
        return String.join("\n", lines);
    }

    /**
     * Splits content into pieces Discord accepts, at line breaks where it can and never inside an
     * escape or a character; a quote or note line split in two keeps its marker on both halves.
     */
    static List<String> chunks(String content, int limit) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String physical : content.split("\n", -1)) {
            for (String piece : pieces(physical, limit)) {
                if (current.length() > 0 && current.length() + 1 + piece.length() > limit) {
                    chunks.add(current.toString());
                    current.setLength(0);
                }
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append(piece);
            }
        }
        if (!current.toString().isBlank()) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    private static List<String> pieces(String physical, int limit) {
        List<String> pieces = new ArrayList<>();
        String prefix = physical.startsWith(QUOTE) ? QUOTE : physical.startsWith(NOTE) ? NOTE : "";
        String rest = physical;
        while (rest.length() > limit) {
            int cut = safeCut(rest, limit);
            pieces.add(rest.substring(0, cut));
            rest = prefix + rest.substring(cut).stripLeading();
        }
        pieces.add(rest);
        return pieces;
    }

    /** The longest prefix of at most {@code limit} chars that ends at a space if one is near, never mid-escape. */
    private static int safeCut(String text, int limit) {
        int cut = limit;
        int space = text.lastIndexOf(' ', limit);
        if (space > limit / 2) {
            cut = space;
        }
        while (cut > 1 && (Character.isLowSurrogate(text.charAt(cut)) || endsInOpenEscape(text, cut))) {
            cut--;
        }
        return cut;
    }

    private static boolean endsInOpenEscape(String text, int end) {
        int backslashes = 0;
        for (int i = end - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** At most {@code max} characters, ending in an ellipsis when cut; never splits a character. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - ELLIPSIS.length());
        if (end > 0 && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }
}
