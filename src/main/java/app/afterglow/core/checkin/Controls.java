package app.afterglow.core.checkin;

import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.core.ref.CheckinControl;
import app.afterglow.core.store.Stores;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A check-in's controls used on a platform that has them (buttons, menus, forms): each is bound
 * to its check-in and, where it matters, to the step it was shown at; one used after the check-in
 * moved on is refused as stale. Any control of a paused check-in but Stop picks it up where it was
 * and files nothing. Runs inside the caller's transaction.
 */
final class Controls {
    private final Stores stores;
    private final Views views;
    private final Steps steps;

    Controls(Stores stores, Views views, Steps steps) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.views = Objects.requireNonNull(views, "views");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** A button or other control on a check-in message. */
    void press(Turn turn, CheckinControl control) {
        Optional<View> found = guarded(turn, stores.checkins().find(control.checkinId()));
        if (found.isEmpty()) {
            return;
        }
        View view = found.get();
        CheckinControl.Verb verb = control.verb();
        if (view.part().progress().paused() && verb != CheckinControl.Verb.RESUME && verb != CheckinControl.Verb.STOP) {
            steps.resume(turn, view);
            return;
        }
        // The review's controls act on the review alone: an old review's button after a change is stale.
        if (verb.ofReview() && !view.reviewing()) {
            steps.stale(turn, view);
            return;
        }
        switch (verb) {
            case ANSWER -> unknown(turn);
            case SKIP -> {
                if (fresh(turn, view, control)) {
                    steps.answer(turn, view, Answer.skip());
                }
            }
            case BACK -> {
                if (fresh(turn, view, control)) {
                    steps.back(turn, view);
                }
            }
            case STOP -> steps.stop(turn, view);
            case RESUME -> steps.resume(turn, view);
            case SEND -> steps.sendNow(turn, view, Optional.of(control.arg()));
            case SHARE -> steps.setShared(turn, view, control.arg(), true);
            case PRIVATE -> steps.setShared(turn, view, control.arg(), false);
            case SHARE_ALL -> steps.setAllShared(turn, view, true);
            case PRIVATE_ALL -> steps.setAllShared(turn, view, false);
            case EDIT -> steps.edit(turn, view, control.arg());
            case SUBMIT -> steps.submit(turn, view);
        }
    }

    /** An answer given through a platform control to the question {@code control} was shown for. */
    void answer(Turn turn, CheckinControl control, List<String> values) {
        if (control.verb() != CheckinControl.Verb.ANSWER) {
            unknown(turn);
            return;
        }
        Optional<Checkin> checkin = stores.checkins().find(control.checkinId());
        Line[] kept = keptText(checkin, control, values);
        Optional<View> found = guarded(turn, checkin, kept);
        if (found.isEmpty()) {
            return;
        }
        View view = found.get();
        if (view.part().progress().paused()) {
            // As with any other control of a paused check-in, it is picked up where it was; what the
            // answer was meant for is not known once the person has stopped, so it is not filed.
            turn.refuse(Views.with(Line.text("You had paused this check-in, so that answer wasn't saved."), kept));
            steps.resume(turn, view);
            return;
        }
        if (!fresh(turn, view, control, kept)) {
            return;
        }
        steps.apply(turn, view, AnswerParser.fromValues(view.question(), values));
    }

    private static void unknown(Turn turn) {
        turn.refuse(Line.text("I don't know that button; nothing changed."));
    }

    /**
     * What a person wrote for a question that can no longer take it (a form opened before the
     * check-in moved on), to show them with the refusal so that their words are not lost.
     */
    private static Line[] keptText(Optional<Checkin> checkin, CheckinControl control, List<String> values) {
        List<Question> questions = checkin.map(c -> c.questions().questions()).orElse(List.of());
        int at = control.position();
        if (at < 0 || at >= questions.size() || questions.get(at).type() != QuestionType.TEXT) {
            return new Line[0];
        }
        return values.stream().filter(v -> !v.isBlank()).findFirst()
                .map(Views::echo)
                .orElse(new Line[0]);
    }

    /**
     * The actor's view of an open check-in they have not sent yet; otherwise refuses, adding
     * {@code also} to the refusal of a participant.
     */
    private Optional<View> guarded(Turn turn, Optional<Checkin> checkin, Line... also) {
        Optional<View> view = checkin.flatMap(c -> views.view(c, turn.actor().id()));
        if (view.isEmpty()) {
            // Never also: whether it would be shown must not tell a stranger what the check-in asks.
            turn.refuse(Line.text("That isn't yours to answer, so nothing changed."));
            return Optional.empty();
        }
        if (!checkin.get().open()) {
            turn.refuse(Views.with(Line.text("That check-in is already finished, so nothing changed."), also));
            return Optional.empty();
        }
        if (view.get().part().submitted()) {
            turn.refuse(Views.with(Line.text("You've already sent this check-in, so nothing changed."), also));
            return Optional.empty();
        }
        return view;
    }

    /**
     * Whether a position-bound control still points at the current question; if not, refuses
     * (adding {@code also}) and shows where they are.
     */
    private boolean fresh(Turn turn, View view, CheckinControl control, Line... also) {
        Progress progress = view.part().progress();
        if (view.reviewing() || control.position() != progress.position()) {
            steps.stale(turn, view, also);
            return false;
        }
        return true;
    }
}
