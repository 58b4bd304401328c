package app.afterglow.core.checkin;

import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.messages.Style;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.Question;
import app.afterglow.core.store.Stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.regex.Pattern;

/**
 * Typed replies, on platforms where people answer by typing: each answers exactly the step its
 * writer was last shown, or the one they replied to. If that check-in has moved on or closed
 * since, nothing is filed: the person sees where they are, and with several check-ins going the
 * bot asks which one, naming each partner. Runs inside the caller's transaction.
 */
final class TypedReplies {
    private static final Pattern NUMBERED = Pattern.compile("(share|private|edit|change)\\s+(\\d{1,3})");
    /** Words that bring back where the person is; never an answer. */
    private static final Set<String> RESUME = Set.of("resume", "continue");
    /** The review's own words, which act on the review alone and are never an answer. */
    private static final Set<String> REVIEW = Set.of("submit", "save", "send it", "share all", "private all");
    /** Every word that steers a check-in: never an answer, so never shown back as one. */
    private static final Set<String> CONTROL = Stream.of(RESUME, REVIEW,
            Set.of("skip", "back", "stop", "pause", "send", "send now")).flatMap(Set::stream).collect(Collectors.toSet());

    private final Stores stores;
    private final Views views;
    private final Steps steps;

    TypedReplies(Stores stores, Views views, Steps steps) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.views = Objects.requireNonNull(views, "views");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /**
     * A typed reply to the step whose token is {@code replyingTo} (none, for a token that names no
     * step) when the platform can tell, else to the step last delivered; an answer it gives is kept
     * as coming from the message {@code source}, when the person can delete that.
     */
    void say(Turn turn, String text, Optional<String> replyingTo, Optional<String> source) {
        PersonId me = turn.actor().id();
        String word = Views.normalized(text);
        Optional<Focus> target = replyingTo.isPresent() ? replyingTo.flatMap(Focus::fromToken) : turn.actor().focus();
        Optional<View> found = target.flatMap(f -> views.usable(f.checkinId(), me));
        if (found.isEmpty()) {
            lost(turn, text, word, target.flatMap(f -> stores.checkins().find(f.checkinId())).flatMap(c -> views.view(c, me)));
            return;
        }
        View view = found.get();
        if (RESUME.contains(word)) {
            steps.resume(turn, view);
        } else if (view.step() != target.get().step()) {
            turn.refuse(Views.with(Views.line(Style.TEXT, "That was for an earlier step of ", Views.heading(view),
                    ", which has moved on since, so I didn't save it."), kept(text)));
            steps.showCurrent(turn, view, List.of(Line.note("Here's where you are:")));
        } else if (view.part().progress().paused()) {
            turn.refuse(Views.line(Style.TEXT, Views.heading(view), " is paused. Reply resume when you'd like to go on."));
        } else {
            onStep(turn, view, text, word, source);
        }
    }

    /** The reply to the step on screen, which is the step the person is at. */
    private void onStep(Turn turn, View view, String text, String word, Optional<String> source) {
        switch (word) {
            case "stop", "pause" -> steps.stop(turn, view);
            case "back" -> steps.back(turn, view);
            case "send now", "send" -> steps.sendNow(turn, view, steps.lastSendable(view));
            default -> {
                if (view.reviewing()) {
                    review(turn, view, word);
                } else if (REVIEW.contains(word) || NUMBERED.matcher(word).matches()) {
                    // Meant for a review that is not on screen: never taken as the answer to this question.
                    turn.refuse(Views.line(Style.TEXT, "That's for the review, which comes after the last question. You're "
                            + "at question " + (view.part().progress().position() + 1) + " of " + view.size() + " of ",
                            Views.heading(view), ": answer it, or reply skip."));
                } else {
                    steps.apply(turn, view, typed(view.question(), text), source);
                }
            }
        }
    }

    /**
     * The person deleted their message {@code source}. An answer it gave to a check-in they have not
     * sent is taken back, so it can never be shared; one already sent stays, as does everything
     * else, and they are told which. Only their own check-ins are looked at: a message id can take
     * nothing from anyone else.
     */
    void retract(Turn turn, String source) {
        Optional<Source> found = answeredBy(turn, source);
        if (found.isEmpty()) {
            turn.reply(Line.text("Deleting that message changes nothing I keep: no answer still waiting to be sent came "
                    + "from it. An answer sent with a check-in stays as it was sent."));
            return;
        }
        View view = found.get().view();
        String questionId = found.get().questionId();
        Progress progress = view.part().progress();
        View after = view.with(views.save(view.part().with(progress.without(questionId))));
        int number = found.get().number();
        List<Line> said = new ArrayList<>();
        said.add(Views.line(Style.TEXT, "You deleted your answer to question " + number + " of ", Views.heading(view),
                ", so I've taken it back: that question is empty again, and nothing of that answer will be shared."));
        if (progress.sentNow().contains(questionId)) {
            said.add(Views.line(Style.NOTE, "It was already sent to ", Segment.person(view.partnerName().orElseThrow()),
                    " at once, which can't be undone."));
        }
        said.add(Line.note("To answer it again, reply ", Segment.command("edit " + number), " at the review."));
        show(turn, after, said);
    }

    /**
     * The person edited their message {@code source} to read {@code text}. An answer it gave to a
     * check-in they have not sent becomes the new words, if they fit the question (the share choice
     * stays); otherwise nothing changes, and they are told which.
     */
    void revise(Turn turn, String source, String text) {
        Optional<Source> found = answeredBy(turn, source);
        if (found.isEmpty()) {
            turn.reply(Line.text("Editing that message changes nothing I keep: no answer still waiting to be sent came "
                    + "from it. To change an answer, reply edit and its number at the review."));
            return;
        }
        View view = found.get().view();
        String questionId = found.get().questionId();
        Question question = view.set().question(questionId).orElseThrow();
        AnswerParser.Result parsed = typed(question, text);
        int number = found.get().number();
        if (parsed instanceof AnswerParser.Invalid invalid) {
            turn.refuse(Line.text(invalid.why()), Views.line(Style.NOTE, "Your answer to question " + number + " of ",
                    Views.heading(view), " stays as it was."));
            return;
        }
        Progress next = view.part().progress().answering(questionId, ((AnswerParser.Valid) parsed).answer(), Optional.of(source));
        View after = view.with(views.save(view.part().with(next)));
        show(turn, after, List.of(Views.line(Style.TEXT, "You edited your answer to question " + number + " of ",
                Views.heading(view), ", so I've changed it to match.")));
    }

    /** Typed words as an answer to {@code question}: "skip" skips it, whatever kind of question it is. */
    private static AnswerParser.Result typed(Question question, String text) {
        return Views.normalized(text).equals("skip") ? new AnswerParser.Valid(Answer.skip()) : AnswerParser.fromText(question, text);
    }

    /** An answer in one of the person's unsent check-ins that came from message {@code source}. */
    private record Source(View view, String questionId) {
        int number() {
            return view.set().indexOf(questionId) + 1;
        }
    }

    private Optional<Source> answeredBy(Turn turn, String source) {
        for (View view : views.open(turn.actor().id(), Optional.empty())) {
            Optional<String> questionId = view.part().progress().answeredBy(source);
            if (questionId.isPresent()) {
                return Optional.of(new Source(view, questionId.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Says {@code said} about a check-in whose answers changed: with its step, when that check-in is
     * on screen, so what they see of it is never out of date; alone otherwise, for another
     * check-in's screen is not brought up.
     */
    private void show(Turn turn, View after, List<Line> said) {
        if (turn.actor().focus().filter(f -> f.checkinId() == after.checkin().id()).isPresent()) {
            steps.showCurrent(turn, after, said);
        } else {
            turn.reply(said.toArray(Line[]::new));
        }
    }

    private void review(Turn turn, View view, String word) {
        List<Question> questions = view.set().questions();
        Matcher m = NUMBERED.matcher(word);
        if (word.equals("submit") || word.equals("save") || word.equals("send it")) {
            steps.submit(turn, view);
        } else if (word.equals("share all") || word.equals("private all")) {
            steps.setAllShared(turn, view, word.startsWith("share"));
        } else if (m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= questions.size()) {
            String questionId = questions.get(Integer.parseInt(m.group(2)) - 1).id();
            switch (m.group(1)) {
                case "share" -> steps.setShared(turn, view, questionId, true);
                case "private" -> steps.setShared(turn, view, questionId, false);
                default -> steps.edit(turn, view, questionId);
            }
        } else {
            turn.refuse(Views.line(Style.TEXT, "You're at the review of ", Views.heading(view), ". Reply share 2 or "
                    + "private 2 to choose for one answer, share all or private all, edit 2 to change an answer, and "
                    + "submit when you're happy."));
        }
    }

    /**
     * A typed reply with no current step to answer: the check-in it was for is closed or sent, or
     * nothing was on screen. Never filed; the person learns what is waiting and how to open it.
     */
    private void lost(Turn turn, String text, String word, Optional<View> wasFor) {
        if (RESUME.contains(word)) {
            resume(turn, Optional.empty());
            return;
        }
        List<View> open = views.open(turn.actor().id(), Optional.empty());
        List<Line> said = new ArrayList<>();
        wasFor.ifPresent(v -> said.add(Views.line(Style.TEXT, Views.heading(v),
                " isn't taking answers any more, so I didn't save that.")));
        if (open.isEmpty()) {
            said.add(Line.text("I'm not waiting for an answer from you right now."));
            // Words are shown back only when they may have been an answer: to a check-in that closed.
            if (wasFor.isPresent()) {
                said.addAll(List.of(kept(text)));
            }
            said.add(Line.note(Segment.command("help"), " shows what I can do."));
            turn.refuse(said.toArray(Line[]::new));
            return;
        }
        if (wasFor.isEmpty()) {
            said.add(Line.text("I'm not sure which check-in that was for, so I didn't save it."));
        }
        said.addAll(List.of(kept(text)));
        offer(turn, open, said);
    }

    /**
     * Picks up a check-in: the one on screen, or the only one waiting (with {@code partnershipId},
     * the only one with that partner); when several are waiting, asks which.
     */
    void resume(Turn turn, Optional<Long> partnershipId) {
        PersonId me = turn.actor().id();
        Optional<View> onScreen = turn.actor().focus().flatMap(f -> views.usable(f.checkinId(), me))
                .filter(v -> partnershipId.isEmpty());
        if (onScreen.isPresent()) {
            steps.resume(turn, onScreen.get());
            return;
        }
        List<View> open = views.open(me, partnershipId);
        if (open.isEmpty()) {
            turn.reply(Line.text("Nothing is waiting for you right now."));
            return;
        }
        offer(turn, open, List.of());
    }

    /** Shows the one check-in waiting, or asks which of several the person means. */
    private void offer(Turn turn, List<View> open, List<Line> preface) {
        if (open.size() == 1) {
            List<Line> lines = new ArrayList<>(preface);
            lines.add(Line.note(preface.isEmpty() ? "Here's where you were:" : "This one is waiting for you:"));
            steps.pickUp(turn, open.get(0), lines.toArray(Line[]::new));
            return;
        }
        List<Line> lines = new ArrayList<>(preface);
        lines.add(Line.text("You have more than one check-in going. Which one would you like to open?"));
        turn.reply(CheckinView.choice(turn.actor().id(), lines, open.stream()
                .map(v -> new CheckinView.Choice(v.checkin(), v.partnerName(), Views.where(v), views.openCommand(v))).toList()));
    }

    /** What the person typed, shown back when it was not saved: words only, not a control word or a number. */
    private static Line[] kept(String text) {
        String cleaned = AnswerParser.clean(text);
        if (cleaned.isEmpty() || CONTROL.contains(Views.normalized(text))
                || cleaned.codePoints().noneMatch(Character::isLetter)) {
            return new Line[0];
        }
        return Views.echo(cleaned);
    }
}
