package app.afterglow.core.checkin;

import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The heart of the product: what two partners may see of each other's answers. A question is
 * revealed only if both answered it and both chose to share it; nothing else is revealed, not
 * even that something was held back. Callers reveal only check-ins both submitted in time.
 */
public final class ConsentRule {
    private ConsentRule() {
    }

    /** One mutually shared question, with both answers. */
    public record SharedPair(Question question, Answer mine, Answer theirs) {
    }

    /** The mutually shared questions, in question order, seen from the person whose progress is {@code mine}. */
    public static List<SharedPair> mutual(QuestionSet set, Progress mine, Progress theirs) {
        List<SharedPair> pairs = new ArrayList<>();
        for (Question question : set.questions()) {
            Answer a = mine.answers().get(question.id());
            Answer b = theirs.answers().get(question.id());
            if (revealable(a) && revealable(b)) {
                pairs.add(new SharedPair(question, a, b));
            }
        }
        return pairs;
    }

    private static boolean revealable(Answer answer) {
        return answer != null && answer.answered() && answer.shared();
    }
}
