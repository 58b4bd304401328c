package app.afterglow.core.checkin;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;

import java.util.Optional;

/**
 * A check-in as one person sees it: their part in it, and their partner's id and name (empty
 * for a personal form; the name of someone who erased their data is a neutral phrase).
 */
record View(Checkin checkin, Participation part, Optional<PersonId> partner, Optional<String> partnerName) {
    QuestionSet set() {
        return checkin.questions();
    }

    int size() {
        return set().questions().size();
    }

    boolean reviewing() {
        return part.progress().reviewing(size());
    }

    Question question() {
        return set().questions().get(part.progress().position());
    }

    /** The step this person is at, as a {@link app.afterglow.core.model.Focus} names it. */
    int step() {
        return part.progress().step(size());
    }

    /** The same check-in, with the person's part as it now is. */
    View with(Participation saved) {
        return new View(checkin, saved, partner, partnerName);
    }
}
