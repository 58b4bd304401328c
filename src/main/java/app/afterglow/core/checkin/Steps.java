package app.afterglow.core.checkin;

import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Action.Kind;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.messages.Style;
import app.afterglow.core.model.Person;
import app.afterglow.core.questions.Question;
import app.afterglow.core.ref.CheckinControl;
import app.afterglow.core.ref.CheckinControl.Verb;
import app.afterglow.core.ref.Refs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The step machine of one person's part in a check-in: answering, going back, changing an answer,
 * pausing, sharing, sending a need at once. Each step is saved and shows the person where they now
 * are. Whoever calls has already checked that the person may act on this check-in at this step.
 * Runs inside the caller's transaction.
 */
final class Steps {
    private final Views views;
    private final Mail mail;
    private final Submission submission;

    Steps(Views views, Mail mail, Submission submission) {
        this.views = Objects.requireNonNull(views, "views");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.submission = Objects.requireNonNull(submission, "submission");
    }

    void answer(Turn turn, View view, Answer given) {
        answer(turn, view, given, Optional.empty());
    }

    /** {@code given} at the question on screen, from the message {@code source} the person may later delete. */
    void answer(Turn turn, View view, Answer given, Optional<String> source) {
        Progress progress = view.part().progress();
        Question question = view.question();
        Progress next = progress.answering(question.id(), given, source);
        Answer answer = next.answers().get(question.id());
        next = next.at(progress.returnToReview() ? view.size() : progress.position() + 1, false);
        View after = view.with(views.save(view.part().with(next)));
        List<Line> preface = new ArrayList<>();
        List<Action> extra = new ArrayList<>();
        if (question.sendNow() && answer.answered() && view.partnerName().isPresent() && !next.sentNow().contains(question.id())) {
            preface.add(Line.note("If you'd like ", Segment.person(view.partnerName().get()),
                    " to know this right away, you can send it now — it's the one thing passed on before you both submit."));
            extra.add(Action.reply("Send to " + view.partnerName().get() + " now", "send now",
                    Refs.encode(CheckinControl.about(view.checkin().id(), Verb.SEND, question.id())), Kind.PRIMARY));
        }
        turn.reply(CheckinView.current(after.checkin(), turn.actor().id(), after.partnerName(), next, preface, extra));
    }

    /** An answer as parsed from what the person gave; one that does not fit is refused, naming the question. */
    void apply(Turn turn, View view, AnswerParser.Result result) {
        apply(turn, view, result, Optional.empty());
    }

    /** As {@link #apply(Turn, View, AnswerParser.Result)}, for words typed in the message {@code source}. */
    void apply(Turn turn, View view, AnswerParser.Result result, Optional<String> source) {
        if (result instanceof AnswerParser.Valid valid) {
            answer(turn, view, valid.answer(), source);
        } else if (result instanceof AnswerParser.Invalid invalid) {
            turn.refuse(Line.text(invalid.why()), Views.line(Style.NOTE, "That was for ", Views.heading(view), ", question "
                    + (view.part().progress().position() + 1) + " of " + view.size() + "."));
        }
    }

    void back(Turn turn, View view) {
        Progress progress = view.part().progress();
        if (progress.returnToReview()) {
            show(turn, view, progress.at(view.size(), false), List.of());
        } else if (progress.position() == 0) {
            showCurrent(turn, view, List.of(Line.note("This is the first question.")));
        } else {
            show(turn, view, progress.at(Math.min(progress.position(), view.size()) - 1, false), List.of());
        }
    }

    void edit(Turn turn, View view, String questionId) {
        int index = view.set().indexOf(questionId);
        if (index < 0) {
            stale(turn, view);
            return;
        }
        show(turn, view, view.part().progress().at(index, true), List.of());
    }

    void stop(Turn turn, View view) {
        showCurrent(turn, view.with(views.save(view.part().with(view.part().progress().paused(true)))), List.of());
    }

    void resume(Turn turn, View view) {
        pickUp(turn, view, Line.note("Welcome back — here's where you were."));
    }

    /** Unpauses and shows where the person is. */
    void pickUp(Turn turn, View view, Line... preface) {
        showCurrent(turn, view.with(views.save(view.part().with(view.part().progress().paused(false)))), List.of(preface));
    }

    void setShared(Turn turn, View view, String questionId, boolean share) {
        Progress progress = view.part().progress();
        Answer answer = progress.answers().get(questionId);
        if (answer == null || !answer.answered()) {
            turn.refuse(Line.text("There's no answer there to share; nothing changed."));
            return;
        }
        show(turn, view, progress.choosing(questionId, share), List.of());
    }

    void setAllShared(Turn turn, View view, boolean share) {
        List<String> ids = view.set().questions().stream().map(Question::id).toList();
        show(turn, view, view.part().progress().sharingAll(ids, share), List.of());
    }

    void submit(Turn turn, View view) {
        submission.submit(turn, view);
    }

    void sendNow(Turn turn, View view, Optional<String> questionId) {
        Progress progress = view.part().progress();
        Optional<Question> question = questionId.flatMap(id -> view.set().question(id)).filter(Question::sendNow);
        Answer answer = question.map(q -> progress.answers().get(q.id())).orElse(null);
        if (question.isEmpty() || answer == null || !answer.answered() || view.partner().isEmpty()) {
            turn.refuse(Line.text("There's nothing here to send right now; nothing changed."));
            return;
        }
        if (progress.sentNow().contains(question.get().id())) {
            turn.refuse(Line.text("Already sent to ", Segment.person(view.partnerName().orElseThrow()), "."));
            return;
        }
        Person me = turn.actor();
        mail.now(Message.of(view.partner().get(),
                Line.title(Segment.person(me.name()), " could use, right now:"),
                Line.quote(AnswerFormat.of(question.get(), answer)),
                Line.note("They chose to send this at once. Everything else stays private until you both submit.")),
                me.id(), turn);
        showCurrent(turn, view.with(views.save(view.part().with(progress.withSent(question.get().id())))),
                List.of(Line.text("Sent to ", Segment.person(view.partnerName().orElseThrow()), ".")));
    }

    /** The last answered question whose answer may be sent at once: what a typed "send now" means. */
    Optional<String> lastSendable(View view) {
        Progress progress = view.part().progress();
        return view.set().questions().stream()
                .filter(q -> q.sendNow() && progress.answers().containsKey(q.id()) && progress.answers().get(q.id()).answered())
                .map(Question::id).reduce((first, second) -> second);
    }

    /** Refuses something meant for an earlier step, adding {@code also}, and shows where the person is. */
    void stale(Turn turn, View view, Line... also) {
        turn.refuse(Views.with(Line.text("That was for an earlier step, so nothing changed."), also));
        showCurrent(turn, view, List.of(Line.note("Here's where you are:")));
    }

    void showCurrent(Turn turn, View view, List<Line> preface) {
        turn.reply(views.screen(view, preface));
    }

    private void show(Turn turn, View view, Progress next, List<Line> preface) {
        showCurrent(turn, view.with(views.save(view.part().with(next))), preface);
    }
}
