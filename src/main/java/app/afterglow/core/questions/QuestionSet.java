package app.afterglow.core.questions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered round of questions. Sets are data: the defaults ship as a resource and a deployment
 * may add or replace sets by id.
 *
 * @param id    what {@code /checkin <id>} names; the defaults are "before", "after", "followup", "prefs"
 * @param intro the first line a person reads when the set starts
 */
public record QuestionSet(String id, CheckinKind kind, String title, String intro, List<Question> questions) {
    public QuestionSet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        intro = intro == null ? "" : intro;
        questions = List.copyOf(questions);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("question set " + id + " has no questions");
        }
    }

    public Optional<Question> question(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }

    public int indexOf(String questionId) {
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).id().equals(questionId)) {
                return i;
            }
        }
        return -1;
    }
}
