package app.afterglow.core.checkin;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.ref.CheckinControl;
import app.afterglow.core.store.Stores;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Check-ins from start to reveal, the package's one door: opening them ({@link CheckinStart}),
 * input from controls ({@link Controls}) and from typing ({@link TypedReplies}) onto the step
 * machine ({@link Steps}), sending and the reveal under the consent rule ({@link Submission}),
 * and what time does to them ({@link Deadlines}). Every method runs inside the caller's
 * transaction and checks that the person acting takes part in the check-in they act on.
 */
public final class Checkins {
    private final CheckinStart starts;
    private final Controls controls;
    private final TypedReplies typed;
    private final Deadlines deadlines;

    public Checkins(Stores stores, People people, Mail mail, CoreSettings settings) {
        Views views = new Views(stores, people);
        Steps steps = new Steps(views, mail, new Submission(stores, people, mail, views));
        this.deadlines = new Deadlines(stores, people, mail, views);
        this.starts = new CheckinStart(stores, people, mail, settings, views, steps, deadlines);
        this.controls = new Controls(stores, views, steps);
        this.typed = new TypedReplies(stores, views, steps);
    }

    /**
     * Starts a check-in of {@code set} for an active partnership, or picks up the open one of the
     * same set (a scheduled start then adds nothing, so two follow-ups never run at once). A new
     * one supersedes any other unfinished check-in of the partnership, which closes revealing
     * nothing. The starter, if any, gets their first question as a reply; the other person gets it
     * by DM (at once when someone started it, after their quiet hours when it was scheduled).
     *
     * @param preface what each person reads before their first question, by person
     */
    public Checkin start(Partnership partnership, QuestionSet set, Optional<Long> sessionId, Optional<Turn> starter,
                         Instant now, Function<PersonId, List<Line>> preface) {
        return starts.start(partnership, set, sessionId, starter, now, preface);
    }

    /** Starts (or resumes) a personal form such as the aftercare preferences, pre-filled with {@code initial}. */
    public void startPersonal(Turn turn, QuestionSet set, Progress initial) {
        starts.startPersonal(turn, set, initial);
    }

    /**
     * A typed reply. It answers exactly the step the person was last shown ({@code replyingTo}, a
     * step's token, when their platform can tell, as {@link app.afterglow.core.Input.Say} says):
     * if that check-in has moved on or closed since, or no step was shown, nothing is filed and they
     * see where they are; nothing typed is ever guessed into another check-in. An answer it gives
     * remembers the message {@code source} it came from, for {@link #retract}.
     */
    public void say(Turn turn, String text, Optional<String> replyingTo, Optional<String> source) {
        typed.say(turn, text, replyingTo, source);
    }

    /**
     * The person deleted their message {@code source}: an answer it gave to a check-in they have
     * not sent is taken back, and they are told what deleting did.
     */
    public void retract(Turn turn, String source) {
        typed.retract(turn, source);
    }

    /**
     * The person edited their message {@code source} to read {@code text}: an answer it gave to a
     * check-in they have not sent becomes that, if it fits the question, and they are told what
     * editing did.
     */
    public void revise(Turn turn, String source, String text) {
        typed.revise(turn, source, text);
    }

    /** A button or other control on a check-in message. */
    public void press(Turn turn, CheckinControl control) {
        controls.press(turn, control);
    }

    /** An answer given through a platform control (buttons, a select menu, a form) to the question it was shown for. */
    public void answer(Turn turn, CheckinControl control, List<String> values) {
        controls.answer(turn, control, values);
    }

    /**
     * Picks up a check-in: the one on screen, or the only one waiting (with {@code partnershipId},
     * the only one with that partner); when several are waiting, asks which.
     */
    public void resume(Turn turn, Optional<Long> partnershipId) {
        typed.resume(turn, partnershipId);
    }

    /** The deadline: an open check-in closes and reveals nothing; each person is told only that. */
    public void expire(long checkinId, Instant now) {
        deadlines.expire(checkinId, now);
    }

    /**
     * The one gentle reminder. Returns when to try again if the person is in their quiet hours,
     * or empty when the job is done.
     */
    public Optional<Instant> remind(long checkinId, PersonId person, Instant now) {
        return deadlines.remind(checkinId, person, now);
    }

    /** Closes every open check-in of a partnership that ended: nothing from them is revealed. */
    public void cancelOpen(long partnershipId) {
        deadlines.cancelOpen(partnershipId);
    }

    /** Closes the person's own open forms (preferences drafts), before their data is erased. */
    public void cancelPersonal(PersonId person) {
        deadlines.cancelPersonal(person);
    }
}
