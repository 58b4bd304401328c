package app.afterglow.matrix;

import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;

import java.util.List;

/**
 * Makes a person's words, and the reply words that name a person, unable to mention anyone
 * before they are rendered. Homeservers older
 * than spec v1.7, and clients that evaluate push rules themselves, still match {@code @room} and
 * user ids in the plain body whatever {@code m.mentions} says — and the bot has the power level to
 * notify a whole room. A WORD JOINER (U+2060) after every {@code @} in a person's text breaks
 * those matches, and turns a {@code matrix.to/#/@user} link into one no client reads as a user,
 * while the text looks exactly as it was written.
 */
final class Inert {
    static final String WORD_JOINER = "\u2060";

    private Inert() {
    }

    /** For the plain body, which the old push rules read: people's words and the reply words alike. */
    static Message defuse(Message message) {
        // Reply words can name a person by user id ("partner accept @room:example.org" is a valid one).
        List<Action> actions = message.actions().stream()
                .map(a -> new Action(a.label(), defuse(a.word()), a.command(), a.ref(), a.kind()))
                .toList();
        return withActions(defusePeoplesWords(message), actions);
    }

    /**
     * For the HTML, which no push rule reads: people's words only. The bot's own reply words stay
     * as written there, so a suggestion copied from it works as typed.
     */
    static Message defusePeoplesWords(Message message) {
        List<Line> lines = message.lines().stream()
                .map(line -> new Line(line.style(), line.segments().stream().map(Inert::defuse).toList()))
                .toList();
        return new Message(message.to(), lines, message.prompt(), message.actions(), message.attachment(),
                message.notice(), message.ifUnreachable(), message.shows(), message.ifBusy());
    }

    private static Message withActions(Message message, List<Action> actions) {
        return new Message(message.to(), message.lines(), message.prompt(), actions, message.attachment(),
                message.notice(), message.ifUnreachable(), message.shows(), message.ifBusy());
    }

    /** Undoes {@link #defuse} in text a person copied back from the bot, such as a user id. */
    static String restore(String text) {
        return text.replace(WORD_JOINER, "");
    }

    private static Segment defuse(Segment segment) {
        return segment.source() == Segment.Source.PERSON ? Segment.person(defuse(segment.text())) : segment;
    }

    private static String defuse(String text) {
        return text.replace("@", "@" + WORD_JOINER);
    }
}
