package app.afterglow.core.checkin;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where one person is in one check-in, and what they answered so far. Immutable; stored
 * encrypted as a whole after every step, so a restart resumes exactly here.
 *
 * @param position       index of the question being asked; equal to the question count in review
 * @param paused         the person said stop; nothing is asked until they resume
 * @param returnToReview they came from the review to change one answer and go back there after it
 * @param sentNow        ids of questions whose answer was already sent to the partner at once
 * @param sources        for a question answered by a message the person may still delete, that
 *                       message's platform id; missing from progress stored before it was kept
 */
public record Progress(int position, boolean paused, boolean returnToReview,
                       Map<String, Answer> answers, Set<String> sentNow, Map<String, String> sources) {
    public Progress {
        answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(answers)));
        sentNow = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(sentNow)));
        sources = sources == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    public Progress(int position, boolean paused, boolean returnToReview, Map<String, Answer> answers, Set<String> sentNow) {
        this(position, paused, returnToReview, answers, sentNow, Map.of());
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
        return new Progress(newPosition, false, backToReview, answers, sentNow, sources);
    }

    public Progress paused(boolean pause) {
        return new Progress(position, pause, returnToReview, answers, sentNow, sources);
    }

    /** {@code answer} at {@code questionId}, given by the message {@code source} if there is one. */
    public Progress with(String questionId, Answer answer, Optional<String> source) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        copy.put(questionId, answer);
        Map<String, String> from = new LinkedHashMap<>(sources);
        source.ifPresentOrElse(s -> from.put(questionId, s), () -> from.remove(questionId));
        return new Progress(position, paused, returnToReview, copy, sentNow, from);
    }

    /**
     * {@code given} as the answer at {@code questionId}, from message {@code source} if there is one:
     * it keeps the share choice of an answer it replaces, and one changed after it was sent at once
     * may be sent again.
     */
    public Progress answering(String questionId, Answer given, Optional<String> source) {
        Answer before = answers.get(questionId);
        Answer answer = before != null && before.answered() && given.answered() ? given.withShared(before.shared()) : given;
        Progress next = with(questionId, answer, source);
        return answer.equals(before) ? next : next.unsent(questionId);
    }

    /** {@code answer} at {@code questionId}, given by no message the person could delete. */
    public Progress with(String questionId, Answer answer) {
        return with(questionId, answer, Optional.empty());
    }

    /** The answer at {@code questionId} shared or kept private; the words, and the message they came from, stay. */
    public Progress choosing(String questionId, boolean share) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        copy.computeIfPresent(questionId, (id, answer) -> answer.withShared(share));
        return new Progress(position, paused, returnToReview, copy, sentNow, sources);
    }

    /** The question whose answer came from message {@code source}, if one still does. */
    public Optional<String> answeredBy(String source) {
        return sources.entrySet().stream().filter(e -> e.getValue().equals(source)).map(Map.Entry::getKey).findFirst();
    }

    /** The answer at {@code questionId} taken back: unanswered again. */
    public Progress without(String questionId) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        copy.remove(questionId);
        Map<String, String> from = new LinkedHashMap<>(sources);
        from.remove(questionId);
        return new Progress(position, paused, returnToReview, copy, sentNow, from);
    }

    /** The answer changed after it was sent at once: it may be sent again. */
    public Progress unsent(String questionId) {
        Set<String> copy = new LinkedHashSet<>(sentNow);
        copy.remove(questionId);
        return new Progress(position, paused, returnToReview, answers, copy, sources);
    }

    public Progress withSent(String questionId) {
        Set<String> copy = new LinkedHashSet<>(sentNow);
        copy.add(questionId);
        return new Progress(position, paused, returnToReview, answers, copy, sources);
    }

    public Progress sharingAll(List<String> questionIds, boolean share) {
        Map<String, Answer> copy = new LinkedHashMap<>(answers);
        for (String id : questionIds) {
            Answer a = copy.get(id);
            if (a != null && a.answered()) {
                copy.put(id, a.withShared(share));
            }
        }
        return new Progress(position, paused, returnToReview, copy, sentNow, sources);
    }
}
