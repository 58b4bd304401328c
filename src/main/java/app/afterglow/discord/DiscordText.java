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
     * control characters other than line breaks and tabs dropped; written onto {@code out}.
     */
    static StringBuilder appendInert(StringBuilder out, String text) {
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
        return out;
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

    /**
     * One line of a message as Discord markdown, which may span several physical lines, written
     * onto {@code out}: a line of each message is rendered for every interaction, so it is written
     * where the message is made rather than into strings of its own.
     */
    static StringBuilder appendLine(StringBuilder out, Line line) {
        switch (line.style()) {
            case TITLE -> {
                out.append("**");
                appendSegments(out, line);
                out.append("**");
            }
            case TEXT -> appendSegments(out, line);
            case QUOTE -> appendPrefixed(out, QUOTE, line);
            case NOTE -> appendPrefixed(out, NOTE, line);
        }
        return out;
    }

    private static void appendSegments(StringBuilder out, Line line) {
        for (Segment segment : line.segments()) {
            switch (segment.source()) {
                case BOT -> out.append(segment.text());
                case PERSON -> appendInert(out, segment.text());
                case COMMAND -> out.append(command(segment.text()));
            }
        }
    }

    /** The line with {@code prefix} before each of its physical lines that is not blank. */
    private static void appendPrefixed(StringBuilder out, String prefix, Line line) {
        int start = out.length();
        appendSegments(out, line);
        int lineStart = start;
        while (true) {
            int end = out.indexOf("\n", lineStart);
            int lineEnd = end < 0 ? out.length() : end;
            if (isBlank(out, lineStart, lineEnd)) {
                // A blank physical line reads as nothing: no marker, and none of its spaces.
                out.delete(lineStart, lineEnd);
                lineEnd = lineStart;
            } else {
                out.insert(lineStart, prefix);
                lineEnd += prefix.length();
            }
            if (end < 0) {
                return;
            }
            lineStart = lineEnd + 1;
        }
    }

    private static boolean isBlank(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
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

    /**
     * Splits content into pieces Discord accepts, at line breaks where it can and never inside an
     * escape or a character; a quote or note line split in two keeps its marker on both halves.
     */
    static List<String> chunks(String content, int limit) {
        if (content.length() <= limit && !content.startsWith("\n")) {
            // The common case, and what the loop below makes of it too (which drops leading empty lines).
            return content.isBlank() ? List.of() : List.of(content);
        }
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
