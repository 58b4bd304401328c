package app.afterglow.core.checkin;

import app.afterglow.core.messages.Segment;
import app.afterglow.core.questions.Question;

import java.util.stream.Collectors;

/** How an answer reads in a message. Free text stays marked as the person's own words. */
public final class AnswerFormat {
    private AnswerFormat() {
    }

    public static Segment of(Question question, Answer answer) {
        if (answer.skipped()) {
            return Segment.bot("(skipped)");
        }
        return switch (question.type()) {
            case SCALE -> Segment.bot(answer.scale() + " of " + question.max());
            case ONE, MANY -> Segment.bot(answer.choices().stream().map(question::label).collect(Collectors.joining(", ")));
            case TEXT -> Segment.person(answer.text());
        };
    }
}
