package app.afterglow.core.ref;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A step of a check-in: answering the question at a position, skipping it, sharing an answer,
 * submitting… {@code arg} is what the verb needs: a question's position, a question's id, or
 * nothing.
 */
public record CheckinControl(long checkinId, Verb verb, String arg) implements Ref {
    /** What the control does, its code in an encoded reference, and the argument it takes. */
    public enum Verb {
        ANSWER("a", Arg.POSITION),
        SKIP("skip", Arg.POSITION),
        BACK("back", Arg.POSITION),
        STOP("stop", Arg.NONE),
        RESUME("resume", Arg.NONE),
        SEND("send", Arg.QUESTION),
        SHARE("share", Arg.QUESTION),
        PRIVATE("private", Arg.QUESTION),
        SHARE_ALL("shareall", Arg.NONE),
        PRIVATE_ALL("privateall", Arg.NONE),
        EDIT("edit", Arg.QUESTION),
        SUBMIT("submit", Arg.NONE);

        final String code;
        final Arg arg;

        Verb(String code, Arg arg) {
            this.code = code;
            this.arg = arg;
        }

        /** Whether this verb belongs to the review, and acts only while the review is on screen. */
        public boolean ofReview() {
            return this == SHARE || this == PRIVATE || this == SHARE_ALL || this == PRIVATE_ALL || this == EDIT
                    || this == SUBMIT;
        }
    }

    /** The kinds of argument a verb takes. */
    enum Arg { NONE, POSITION, QUESTION }

    /** Compiled once: a control is made for every button of every rendered message. */
    private static final Pattern POSITION_TEXT = Pattern.compile("\\d{1,4}");
    private static final Pattern QUESTION_ID_TEXT = Pattern.compile("[^:|\\s]{1,64}");

    public CheckinControl {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(arg, "arg");
        boolean fits = switch (verb.arg) {
            case NONE -> arg.isEmpty();
            case POSITION -> POSITION_TEXT.matcher(arg).matches();
            case QUESTION -> QUESTION_ID_TEXT.matcher(arg).matches();
        };
        if (!fits) {
            throw new IllegalArgumentException(verb + " does not take \"" + arg + "\"");
        }
    }

    public static CheckinControl of(long checkinId, Verb verb) {
        return new CheckinControl(checkinId, verb, "");
    }

    /** A verb bound to the question at {@code position}, from 0. */
    public static CheckinControl at(long checkinId, Verb verb, int position) {
        return new CheckinControl(checkinId, verb, Integer.toString(position));
    }

    /** A verb about the question {@code questionId}. */
    public static CheckinControl about(long checkinId, Verb verb, String questionId) {
        return new CheckinControl(checkinId, verb, questionId);
    }

    /** The question position this control is bound to; -1 for a verb that takes none. */
    public int position() {
        return verb.arg == Arg.POSITION ? Integer.parseInt(arg) : -1;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.checkin(this);
    }
}
