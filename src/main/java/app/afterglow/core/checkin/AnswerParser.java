package app.afterglow.core.checkin;

import app.afterglow.core.questions.Option;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns what a person replied into an answer to a question, or says plainly why it does not fit. */
public final class AnswerParser {
    private AnswerParser() {
    }

    public sealed interface Result {
    }

    public record Valid(Answer answer) implements Result {
    }

    public record Invalid(String why) implements Result {
    }

    /** A typed reply: numbers (or an option's exact label) for choices, the text for free text. */
    public static Result fromText(Question question, String reply) {
        return switch (question.type()) {
            case TEXT -> text(question, reply);
            case SCALE, ONE, MANY -> fromValues(question, List.of(reply.trim().split("[\\s,;]+")), reply);
        };
    }

    /** Values from a platform control: option numbers from 1, the scale number, or the text. */
    public static Result fromValues(Question question, List<String> values) {
        if (question.type() == QuestionType.TEXT) {
            return text(question, values.isEmpty() ? "" : values.get(0));
        }
        return fromValues(question, values, String.join(" ", values));
    }

    private static Result fromValues(Question question, List<String> values, String whole) {
        switch (question.type()) {
            case SCALE -> {
                Integer n = values.size() == 1 ? number(values.get(0)) : null;
                if (n == null || n < question.min() || n > question.max()) {
                    return new Invalid("Please pick one number from " + question.min() + " to " + question.max() + ".");
                }
                return new Valid(Answer.ofScale(n));
            }
            case ONE -> {
                Integer n = values.size() == 1 ? number(values.get(0)) : null;
                if (n == null) {
                    n = byLabel(question, whole);
                }
                if (n == null || n < 1 || n > question.options().size()) {
                    return new Invalid("Please pick one option, a number from 1 to " + question.options().size() + ".");
                }
                return new Valid(Answer.ofChoices(List.of(question.options().get(n - 1).key())));
            }
            case MANY -> {
                Set<String> keys = new LinkedHashSet<>();
                for (String value : values) {
                    Integer n = number(value);
                    if (n == null || n < 1 || n > question.options().size()) {
                        Integer single = byLabel(question, whole);
                        if (single != null) {
                            return new Valid(Answer.ofChoices(List.of(question.options().get(single - 1).key())));
                        }
                        return new Invalid("Please pick one or more options by number, from 1 to "
                                + question.options().size() + " — for example: 1 3");
                    }
                    keys.add(question.options().get(n - 1).key());
                }
                return new Valid(Answer.ofChoices(new ArrayList<>(keys)));
            }
            default -> throw new IllegalStateException("unexpected type " + question.type());
        }
    }

    private static Result text(Question question, String raw) {
        String text = clean(raw);
        if (!visible(text)) {
            return new Invalid("That looks empty. Write a few words, or say skip.");
        }
        int length = text.codePointCount(0, text.length());
        if (length > question.maxLength()) {
            return new Invalid("That is " + length + " characters; the limit here is " + question.maxLength()
                    + ". Could you shorten it? Nothing was saved yet.");
        }
        return new Valid(Answer.ofText(text));
    }

    /** Drops control characters other than line breaks and tabs; keeps every script and emoji. */
    static String clean(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        raw.codePoints().filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c)).forEach(sb::appendCodePoint);
        return sb.toString().strip();
    }

    /**
     * Whether anything in {@code text} shows: zero-width and other format characters and spaces
     * alone would be stored as an answer nobody can read, the partner's view of it blank.
     */
    private static boolean visible(String text) {
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.FORMAT);
    }

    private static Integer number(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 4 || !v.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(v);
    }

    private static Integer byLabel(Question question, String reply) {
        String wanted = reply.trim().toLowerCase(Locale.ROOT);
        List<Option> options = question.options();
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).label().toLowerCase(Locale.ROOT).equals(wanted)) {
                return i + 1;
            }
        }
        return null;
    }
}
