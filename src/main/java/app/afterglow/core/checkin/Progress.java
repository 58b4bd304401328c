package app.afterglow.core.checkin;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where one person is in one check-in, and what they answered so far. Immutable; stored
 * encrypted as a whole after every step, so a restart resumes exactly here.
 *
 * @param position       index of the question being asked; equal to the question count in review
 * @param paused         the person said stop; nothing is asked until they resume
 * @param returnToReview they came from the review to change one answer and go back there after it
 * @param sentNow        ids of questions whose answer was already sent to the partner at once
 */
public record Progress(int position, boolean paused, boolean returnToReview,
                       Map<String, Answer> answers, Set<String> sentNow) {
    public Progress {
        answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(answers)));
        sentNow = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(sentNow)));
    }

    public static Progress start() {
        return new Progress(0, false, false, Map.of(), Set.of());
    }

    public boolean reviewing(int questionCount) {
        return position >= questionCount;
    }

    /** The step on screen, as a {@link app.afterglow.core.model.Focus} names it: the pause, a question, or the review. */
    public int step(int questionCount) {
        return paused ? app.afterglow.core.model.Focus.PAUSED : Math.min(position, questionCount);
    }

    public Progress at(int newPosition, boolean backToReview) {
        return new Progress(newPosition, false, backToReview, answers, sentNow);
    }

    public Progress paused(boolean pause) {
        return new Progress(position, pause, returnToReview, answers, sentNow);
    }

    public Progress with(String questionId, Answer answer) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        copy.put(questionId, answer);
        return new Progress(position, paused, returnToReview, copy, sentNow);
    }

    /** The answer changed after it was sent at once: it may be sent again. */
    public Progress unsent(String questionId) {
        Set<String> copy = new LinkedHashSet<>(sentNow);
        copy.remove(questionId);
        return new Progress(position, paused, returnToReview, answers, copy);
    }

    public Progress withSent(String questionId) {
        Set<String> copy = new LinkedHashSet<>(sentNow);
        copy.add(questionId);
        return new Progress(position, paused, returnToReview, answers, copy);
    }

    public Progress sharingAll(List<String> questionIds, boolean share) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        for (String id : questionIds) {
            Answer a = copy.get(id);
            if (a != null && a.answered()) {
                copy.put(id, a.withShared(share));
            }
        }
        return new Progress(position, paused, returnToReview, copy, sentNow);
    }
}
