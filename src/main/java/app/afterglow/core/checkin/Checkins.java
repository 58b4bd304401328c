package app.afterglow.core.checkin;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.QuietTime;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Action.Kind;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.messages.Style;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Check-ins from start to reveal: asking, answering, changing, sharing, submitting, and the
 * consent rule applied when both are in. Every method runs inside the caller's transaction and
 * checks that the person acting takes part in the check-in they act on.
 */
public final class Checkins {
    private static final Pattern NUMBERED = Pattern.compile("(share|private|edit|change)\\s+(\\d{1,3})");
    /** Words that bring back where the person is; never an answer. */
    private static final Set<String> RESUME = Set.of("resume", "continue");
    /** The review's own words, which act on the review alone and are never an answer. */
    private static final Set<String> REVIEW = Set.of("submit", "save", "send it", "share all", "private all");
    /** Words that steer a check-in; never an answer, so never quoted back as one. */
    private static final Set<String> CONTROL = Set.of("resume", "continue", "skip", "back", "stop", "pause", "send",
            "send now", "submit", "save", "share all", "private all");

    private final Stores stores;
    private final People people;
    private final Mail mail;
    private final CoreSettings settings;

    public Checkins(Stores stores, People people, Mail mail, CoreSettings settings) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A check-in as one person sees it. */
    private record View(Checkin checkin, Participation part, Optional<PersonId> partner, Optional<String> partnerName) {
        QuestionSet set() {
            return checkin.questions();
        }

        boolean reviewing() {
            return part.progress().reviewing(set().questions().size());
        }

        Question question() {
            return set().questions().get(part.progress().position());
        }

        /** The step this person is at, as a {@link Focus} names it. */
        int step() {
            return part.progress().step(set().questions().size());
        }
    }

    // ----- starting -------------------------------------------------------------------------

    /**
     * Starts a check-in of {@code set} for an active partnership, or picks up the open one of the
     * same set (a scheduled start then adds nothing, so two follow-ups never run at once). The starter, if any, gets their first question as a reply; the other person gets
     * it by DM (at once when someone started it, after their quiet hours when it was scheduled).
     */
    public Checkin start(Partnership partnership, QuestionSet set, Optional<Long> sessionId, Optional<Turn> starter,
                         Instant now, Function<PersonId, List<Line>> preface) {
        Optional<Checkin> already = stores.checkins().forPartnership(partnership.id()).stream()
                .filter(c -> c.open() && c.questions().id().equals(set.id())).findFirst();
        if (already.isPresent()) {
            starter.ifPresent(turn -> pickUp(turn, view(already.get(), turn.actor().id()).orElseThrow(),
                    Line.note("You already have this check-in open — picking up where you left off.")));
            return already.get();
        }
        PersonId a = partnership.inviter().orElseThrow();
        PersonId b = partnership.invitee().orElseThrow();
        List<PersonId> order = starter.filter(t -> t.actor().id().equals(b)).isPresent() ? List.of(b, a) : List.of(a, b);
        Checkin checkin = stores.checkins().create(Optional.of(partnership.id()), sessionId, set, order, now,
                now.plus(settings.expiry()));
        stores.jobs().schedule(new Job(0, Job.Kind.EXPIRE, checkin.expiresAt(), Optional.of(checkin.id()),
                Optional.empty(), Optional.of(partnership.id()), Optional.empty()));
        String kind = set.kind().title();
        String aKind = ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
        for (PersonId person : order) {
            stores.jobs().schedule(new Job(0, Job.Kind.REMIND, now.plus(settings.reminder()), Optional.of(checkin.id()),
                    Optional.of(person), Optional.of(partnership.id()), Optional.empty()));
            View view = view(checkin, person).orElseThrow();
            List<Line> before = preface.apply(person);
            List<Line> intro = new ArrayList<>(before);
            boolean isStarter = starter.filter(t -> t.actor().id().equals(person)).isPresent();
            if (isStarter) {
                if (!set.intro().isEmpty()) {
                    intro.add(Line.text(set.intro()));
                }
                starter.get().reply(screen(view, intro));
                continue;
            }
            Line news = starter.isPresent()
                    ? Line.text(Segment.person(people.name(starter.map(t -> t.actor().id()))), " started " + aKind + " check-in with you.")
                    : Line.text("Your " + kind + " check-in with ", Segment.person(view.partnerName().orElseThrow()), " is ready.");
            intro.add(news);
            if (!set.intro().isEmpty()) {
                intro.add(Line.text(set.intro()));
            }
            Person recipient = people.require(person);
            // Someone else opened it: if they are in the middle of another check-in by the time it arrives, it waits.
            Message first = screen(view, intro).waitingIfBusy(CheckinView.waiting(checkin, person,
                    view.partnerName().orElseThrow(), recipient.zone(), news, openCommand(view), before));
            // The first question carries the partner's name, and their preferences when a session starts.
            PersonId partner = view.partner().orElse(person);
            if (starter.isPresent()) {
                mail.now(first, partner, now);
            } else {
                mail.considerate(first, partner, now);
            }
        }
        return checkin;
    }

    /** Starts (or resumes) a personal form such as the aftercare preferences, pre-filled with {@code initial}. */
    public void startPersonal(Turn turn, QuestionSet set, Progress initial) {
        PersonId me = turn.actor().id();
        Optional<Checkin> draft = stores.checkins().forPerson(me).stream()
                .filter(c -> c.open() && c.partnershipId().isEmpty() && c.questions().id().equals(set.id())).findFirst();
        if (draft.isPresent()) {
            pickUp(turn, view(draft.get(), me).orElseThrow(), Line.note("Picking up where you left off."));
            return;
        }
        Instant now = turn.now();
        Checkin checkin = stores.checkins().create(Optional.empty(), Optional.empty(), set, List.of(me), now,
                now.plus(settings.expiry()));
        stores.jobs().schedule(new Job(0, Job.Kind.EXPIRE, checkin.expiresAt(), Optional.of(checkin.id()),
                Optional.empty(), Optional.empty(), Optional.empty()));
        Participation part = stores.checkins().participation(checkin.id(), me).orElseThrow();
        save(part.with(new Progress(0, false, false, initial.answers(), initial.sentNow())));
        List<Line> intro = set.intro().isEmpty() ? List.of() : List.of(Line.text(set.intro()));
        turn.reply(screen(view(checkin, me).orElseThrow(), intro));
    }

    // ----- input ----------------------------------------------------------------------------

    /**
     * A typed reply. It answers exactly the step the person was last shown ({@code replyingTo}
     * when their platform says which message they replied to): if that check-in has moved on or
     * closed since, nothing is filed and they see where they are; nothing typed is ever guessed
     * into another check-in.
     */
    public void say(Turn turn, String text, Optional<Focus> replyingTo) {
        PersonId me = turn.actor().id();
        String word = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Optional<Focus> target = replyingTo.or(() -> turn.actor().focus());
        Optional<View> found = target.flatMap(f -> usable(f.checkinId(), me));
        if (found.isEmpty()) {
            lost(turn, text, word, target.flatMap(f -> stores.checkins().find(f.checkinId())).flatMap(c -> view(c, me)));
            return;
        }
        View view = found.get();
        if (RESUME.contains(word)) {
            resume(turn, view);
            return;
        }
        if (view.step() != target.get().step()) {
            turn.refuse(with(sentence("That was for an earlier step of ", heading(view),
                    ", which has moved on since, so I didn't save it."), kept(text, word)));
            showCurrent(turn, view, List.of(Line.note("Here's where you are:")));
            return;
        }
        if (view.part().progress().paused()) {
            turn.refuse(sentence(heading(view), " is paused. Reply resume when you'd like to go on."));
            return;
        }
        switch (word) {
            case "stop", "pause" -> stop(turn, view);
            case "back" -> back(turn, view);
            case "send now", "send" -> sendNow(turn, view, lastSendable(view));
            default -> {
                if (view.reviewing()) {
                    review(turn, view, word);
                } else if (REVIEW.contains(word) || NUMBERED.matcher(word).matches()) {
                    // Meant for a review that is not on screen: never taken as the answer to this question.
                    turn.refuse(line(Style.TEXT, "That's for the review, which comes after the last question. You're at "
                            + "question " + (view.part().progress().position() + 1) + " of " + view.set().questions().size()
                            + " of ", heading(view), ": answer it, or reply skip."));
                } else if (word.equals("skip")) {
                    answer(turn, view, Answer.skip());
                } else {
                    apply(turn, view, AnswerParser.fromText(view.question(), text));
                }
            }
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
        List<View> open = open(turn.actor().id(), Optional.empty());
        List<Line> said = new ArrayList<>();
        wasFor.ifPresent(v -> said.add(sentence(heading(v), " isn't taking answers any more, so I didn't save that.")));
        if (open.isEmpty()) {
            said.add(Line.text("I'm not waiting for an answer from you right now."));
            said.addAll(List.of(kept(text, word)));
            said.add(Line.note(Segment.command("help"), " shows what I can do."));
            turn.refuse(said.toArray(Line[]::new));
            return;
        }
        if (wasFor.isEmpty()) {
            said.add(Line.text("I'm not sure which check-in that was for, so I didn't save it."));
        }
        said.addAll(List.of(kept(text, word)));
        offer(turn, open, said);
    }

    /** Shows the one check-in waiting, or asks which of several the person means. */
    private void offer(Turn turn, List<View> open, List<Line> preface) {
        if (open.size() == 1) {
            List<Line> lines = new ArrayList<>(preface);
            lines.add(Line.note(preface.isEmpty() ? "Here's where you were:" : "This one is waiting for you:"));
            pickUp(turn, open.get(0), lines.toArray(Line[]::new));
            return;
        }
        List<Line> lines = new ArrayList<>(preface);
        lines.add(Line.text("You have more than one check-in going. Which one would you like to open?"));
        turn.reply(CheckinView.choice(turn.actor().id(), lines, open.stream()
                .map(v -> new CheckinView.Choice(v.checkin(), v.partnerName(), where(v), openCommand(v))).toList()));
    }

    private void review(Turn turn, View view, String word) {
        List<Question> questions = view.set().questions();
        Matcher m = NUMBERED.matcher(word);
        if (word.equals("submit") || word.equals("save") || word.equals("send it")) {
            submit(turn, view);
        } else if (word.equals("share all") || word.equals("private all")) {
            setAllShared(turn, view, word.startsWith("share"));
        } else if (m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= questions.size()) {
            String questionId = questions.get(Integer.parseInt(m.group(2)) - 1).id();
            switch (m.group(1)) {
                case "share" -> setShared(turn, view, questionId, true);
                case "private" -> setShared(turn, view, questionId, false);
                default -> edit(turn, view, questionId);
            }
        } else {
            turn.refuse(sentence("You're at the review of ", heading(view), ". Reply share 2 or private 2 to choose for one "
                    + "answer, share all or private all, edit 2 to change an answer, and submit when you're happy."));
        }
    }

    /** A button or control on a check-in message. */
    public void press(Turn turn, CheckinRef ref) {
        Optional<View> found = guarded(turn, ref.checkinId());
        if (found.isEmpty()) {
            return;
        }
        View view = found.get();
        if (view.part().progress().paused() && !ref.verb().equals("resume") && !ref.verb().equals("stop")) {
            resume(turn, view);
            return;
        }
        switch (ref.verb()) {
            case "skip" -> {
                if (fresh(turn, view, ref)) {
                    answer(turn, view, Answer.skip());
                }
            }
            case "back" -> {
                if (fresh(turn, view, ref)) {
                    back(turn, view);
                }
            }
            case "stop" -> stop(turn, view);
            case "resume" -> resume(turn, view);
            case "send" -> sendNow(turn, view, Optional.of(ref.arg()));
            case "share", "private", "shareall", "privateall", "edit", "submit" -> {
                // The review's controls act on the review alone: an old review's button after a change is stale.
                if (!view.reviewing()) {
                    stale(turn, view);
                    return;
                }
                switch (ref.verb()) {
                    case "share" -> setShared(turn, view, ref.arg(), true);
                    case "private" -> setShared(turn, view, ref.arg(), false);
                    case "shareall" -> setAllShared(turn, view, true);
                    case "privateall" -> setAllShared(turn, view, false);
                    case "edit" -> edit(turn, view, ref.arg());
                    default -> submit(turn, view);
                }
            }
            default -> turn.refuse(Line.text("I don't know that button; nothing changed."));
        }
    }

    /** An answer given through a platform control to the prompt {@code ref}. */
    public void answer(Turn turn, CheckinRef ref, List<String> values) {
        Optional<Checkin> checkin = stores.checkins().find(ref.checkinId());
        Line[] kept = keptText(checkin, ref, values);
        Optional<View> found = guarded(turn, checkin, kept);
        if (found.isEmpty() || !fresh(turn, found.get(), ref, kept)) {
            return;
        }
        View view = found.get();
        apply(turn, view, AnswerParser.fromValues(view.question(), values));
    }

    /**
     * What a person wrote for a question that can no longer take it (a form opened before the
     * check-in moved on), to show them with the refusal so that their words are not lost.
     */
    private static Line[] keptText(Optional<Checkin> checkin, CheckinRef ref, List<String> values) {
        List<Question> questions = checkin.map(c -> c.questions().questions()).orElse(List.of());
        int at = ref.position();
        if (at < 0 || at >= questions.size() || questions.get(at).type() != QuestionType.TEXT) {
            return new Line[0];
        }
        return values.stream().filter(v -> !v.isBlank()).findFirst()
                .map(text -> new Line[]{Line.note("Here's what you wrote, so it isn't lost:"), Line.quote(Segment.person(text))})
                .orElse(new Line[0]);
    }

    private void apply(Turn turn, View view, AnswerParser.Result result) {
        if (result instanceof AnswerParser.Valid valid) {
            answer(turn, view, valid.answer());
        } else if (result instanceof AnswerParser.Invalid invalid) {
            turn.refuse(Line.text(invalid.why()), line(Style.NOTE, "That was for ", heading(view), ", question "
                    + (view.part().progress().position() + 1) + " of " + view.set().questions().size() + "."));
        }
    }

    /**
     * Picks up a check-in: the one on screen, or the only one waiting (with {@code partnershipId},
     * the only one with that partner); when several are waiting, asks which.
     */
    public void resume(Turn turn, Optional<Long> partnershipId) {
        PersonId me = turn.actor().id();
        Optional<View> onScreen = turn.actor().focus().flatMap(f -> usable(f.checkinId(), me))
                .filter(v -> partnershipId.isEmpty());
        if (onScreen.isPresent()) {
            resume(turn, onScreen.get());
            return;
        }
        List<View> open = open(me, partnershipId);
        if (open.isEmpty()) {
            turn.reply(Line.text("Nothing is waiting for you right now."));
            return;
        }
        offer(turn, open, List.of());
    }

    // ----- steps ----------------------------------------------------------------------------

    private void answer(Turn turn, View view, Answer given) {
        Progress progress = view.part().progress();
        Question question = view.question();
        Answer before = progress.answers().get(question.id());
        Answer answer = before != null && before.answered() && given.answered() ? given.withShared(before.shared()) : given;
        Progress next = progress.with(question.id(), answer);
        if (!answer.equals(before)) {
            next = next.unsent(question.id());
        }
        int size = view.set().questions().size();
        next = next.at(progress.returnToReview() ? size : progress.position() + 1, false);
        Participation saved = save(view.part().with(next));
        View after = new View(view.checkin(), saved, view.partner(), view.partnerName());
        List<Line> preface = new ArrayList<>();
        List<Action> extra = new ArrayList<>();
        if (question.sendNow() && answer.answered() && view.partnerName().isPresent() && !next.sentNow().contains(question.id())) {
            preface.add(Line.note("If you'd like ", Segment.person(view.partnerName().get()),
                    " to know this right away, you can send it now — it's the one thing passed on before you both submit."));
            extra.add(Action.reply("Send to " + view.partnerName().get() + " now", "send now",
                    CheckinRef.of(view.checkin().id(), "send", question.id()), Kind.PRIMARY));
        }
        turn.reply(CheckinView.current(after.checkin(), turn.actor().id(), after.partnerName(), next, preface, extra));
    }

    private void back(Turn turn, View view) {
        Progress progress = view.part().progress();
        int size = view.set().questions().size();
        if (progress.returnToReview()) {
            show(turn, view, progress.at(size, false), List.of());
        } else if (progress.position() == 0) {
            showCurrent(turn, view, List.of(Line.note("This is the first question.")));
        } else {
            show(turn, view, progress.at(Math.min(progress.position(), size) - 1, false), List.of());
        }
    }

    private void edit(Turn turn, View view, String questionId) {
        int index = view.set().indexOf(questionId);
        if (index < 0) {
            stale(turn, view);
            return;
        }
        show(turn, view, view.part().progress().at(index, true), List.of());
    }

    private void stop(Turn turn, View view) {
        Participation part = save(view.part().with(view.part().progress().paused(true)));
        showCurrent(turn, new View(view.checkin(), part, view.partner(), view.partnerName()), List.of());
    }

    private void resume(Turn turn, View view) {
        pickUp(turn, view, Line.note("Welcome back — here's where you were."));
    }

    /** Unpauses and shows where the person is. */
    private void pickUp(Turn turn, View view, Line... preface) {
        Participation part = save(view.part().with(view.part().progress().paused(false)));
        showCurrent(turn, new View(view.checkin(), part, view.partner(), view.partnerName()), List.of(preface));
    }

    private void setShared(Turn turn, View view, String questionId, boolean share) {
        Progress progress = view.part().progress();
        Answer answer = progress.answers().get(questionId);
        if (answer == null || !answer.answered()) {
            turn.refuse(Line.text("There's no answer there to share; nothing changed."));
            return;
        }
        show(turn, view, progress.with(questionId, answer.withShared(share)), List.of());
    }

    private void setAllShared(Turn turn, View view, boolean share) {
        List<String> ids = view.set().questions().stream().map(Question::id).toList();
        show(turn, view, view.part().progress().sharingAll(ids, share), List.of());
    }

    private void sendNow(Turn turn, View view, Optional<String> questionId) {
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
                me.id(), turn.now());
        Participation part = save(view.part().with(progress.withSent(question.get().id())));
        showCurrent(turn, new View(view.checkin(), part, view.partner(), view.partnerName()),
                List.of(Line.text("Sent to ", Segment.person(view.partnerName().orElseThrow()), ".")));
    }

    private Optional<String> lastSendable(View view) {
        Progress progress = view.part().progress();
        return view.set().questions().stream()
                .filter(q -> q.sendNow() && progress.answers().containsKey(q.id()) && progress.answers().get(q.id()).answered())
                .map(Question::id).reduce((first, second) -> second);
    }

    private void submit(Turn turn, View view) {
        Instant now = turn.now();
        Participation mine = save(view.part().submit(now));
        Checkin checkin = view.checkin();
        if (checkin.partnershipId().isEmpty() && view.partner().isEmpty()) {
            stores.checkins().updateStatus(checkin.id(), CheckinStatus.SAVED);
            stores.jobs().deleteForCheckin(checkin.id());
            turn.reply(Line.text("Saved. Partners see the answers you chose to share when a session starts; "
                    + "the rest stays with you."));
        } else {
            List<Participation> all = stores.checkins().participations(checkin.id());
            if (all.stream().allMatch(Participation::submitted)) {
                turn.reply(Line.text("Thank you — that's sent."));
                reveal(checkin, all, now);
            } else {
                turn.reply(Line.text("Thank you — that's sent. When ", Segment.person(view.partnerName().orElseThrow()),
                        " has finished too, you'll both see what you both chose to share."));
            }
        }
        open(mine.person(), Optional.empty()).stream().findFirst()
                .ifPresent(next -> showCurrent(turn, next, List.of(Line.note("Another check-in is waiting for you:"))));
    }

    private void reveal(Checkin checkin, List<Participation> all, Instant now) {
        stores.checkins().updateStatus(checkin.id(), CheckinStatus.REVEALED);
        stores.jobs().deleteForCheckin(checkin.id());
        for (Participation me : all) {
            Participation other = all.stream().filter(p -> !p.person().equals(me.person())).findFirst().orElseThrow();
            List<ConsentRule.SharedPair> pairs = ConsentRule.mutual(checkin.questions(), me.progress(), other.progress());
            mail.now(CheckinView.reveal(checkin, me.person(), people.name(Optional.of(other.person())), pairs),
                    other.person(), now);
        }
    }

    // ----- scheduled --------------------------------------------------------------------------

    /** The deadline: an open check-in closes and reveals nothing; each person is told only that. */
    public void expire(long checkinId, Instant now) {
        Optional<Checkin> found = stores.checkins().find(checkinId).filter(Checkin::open);
        if (found.isEmpty()) {
            return;
        }
        Checkin checkin = found.get();
        stores.checkins().updateStatus(checkinId, CheckinStatus.EXPIRED);
        stores.jobs().deleteForCheckin(checkinId);
        List<Participation> all = stores.checkins().participations(checkinId);
        for (Participation part : all) {
            Optional<PersonId> other = all.stream().map(Participation::person).filter(p -> !p.equals(part.person())).findFirst();
            if (other.isPresent()) {
                mail.considerate(CheckinView.closedUnshared(checkin, part.person(), people.name(other)), other.get(), now);
            }
        }
    }

    /**
     * The one gentle reminder. Returns when to try again if the person is in their quiet hours,
     * or empty when the job is done.
     */
    public Optional<Instant> remind(long checkinId, PersonId person, Instant now) {
        Optional<Checkin> checkin = stores.checkins().find(checkinId).filter(Checkin::open);
        Optional<View> view = checkin.flatMap(c -> view(c, person));
        if (view.isEmpty() || view.get().part().submitted() || view.get().part().reminded() || view.get().partner().isEmpty()) {
            return Optional.empty();
        }
        Person recipient = people.require(person);
        Instant allowed = QuietTime.nextAllowed(recipient, now);
        if (allowed.isAfter(now)) {
            return allowed.isBefore(checkin.get().expiresAt()) ? Optional.of(allowed) : Optional.empty();
        }
        View reminded = new View(checkin.get(), save(view.get().part().markReminded()), view.get().partner(),
                view.get().partnerName());
        // The reminder brings the check-in back to the screen, unless they are busy with another by then.
        Message message = screen(reminded, CheckinView.nudge(checkin.get(), recipient.zone()))
                .waitingIfBusy(CheckinView.reminder(checkin.get(), person, reminded.partnerName().orElseThrow(),
                        recipient.zone(), openCommand(reminded)));
        mail.now(message, reminded.partner().get(), now);
        return Optional.empty();
    }

    /** Closes every open check-in of a partnership that ended: nothing from them is revealed. */
    public void cancelOpen(long partnershipId) {
        for (Checkin checkin : stores.checkins().forPartnership(partnershipId)) {
            if (checkin.open()) {
                cancel(checkin);
            }
        }
    }

    /** Closes the person's own open forms (preferences drafts), before their data is erased. */
    public void cancelPersonal(PersonId person) {
        stores.checkins().forPerson(person).stream().filter(c -> c.open() && c.partnershipId().isEmpty()).forEach(this::cancel);
    }

    private void cancel(Checkin checkin) {
        stores.checkins().updateStatus(checkin.id(), CheckinStatus.CANCELLED);
        stores.jobs().deleteForCheckin(checkin.id());
    }

    // ----- helpers --------------------------------------------------------------------------

    private Optional<View> view(Checkin checkin, PersonId person) {
        return stores.checkins().participation(checkin.id(), person).map(part -> {
            Optional<PersonId> partner = stores.checkins().participations(checkin.id()).stream()
                    .map(Participation::person).filter(p -> !p.equals(person)).findFirst();
            Optional<String> name = checkin.partnershipId().isPresent() || partner.isPresent()
                    ? Optional.of(people.name(partner)) : Optional.empty();
            return new View(checkin, part, partner, name);
        });
    }

    /** The check-in, if this person may still act on it; says nothing. */
    private Optional<View> usable(long checkinId, PersonId person) {
        return stores.checkins().find(checkinId).filter(Checkin::open)
                .flatMap(c -> view(c, person)).filter(v -> !v.part().submitted());
    }

    /** The check-in, if this person may act on it; otherwise tells them why nothing changed. */
    private Optional<View> guarded(Turn turn, long checkinId) {
        return guarded(turn, stores.checkins().find(checkinId));
    }

    /**
     * The actor's view of an open check-in they have not sent yet; otherwise refuses, adding
     * {@code also} to the refusal of a participant.
     */
    private Optional<View> guarded(Turn turn, Optional<Checkin> checkin, Line... also) {
        Optional<View> view = checkin.flatMap(c -> view(c, turn.actor().id()));
        if (view.isEmpty()) {
            // Never also: whether it would be shown must not tell a stranger what the check-in asks.
            turn.refuse(Line.text("That isn't yours to answer, so nothing changed."));
            return Optional.empty();
        }
        if (!checkin.get().open()) {
            turn.refuse(with(Line.text("That check-in is already finished, so nothing changed."), also));
            return Optional.empty();
        }
        if (view.get().part().submitted()) {
            turn.refuse(with(Line.text("You've already sent this check-in, so nothing changed."), also));
            return Optional.empty();
        }
        return view;
    }

    private static Line[] with(Line first, Line... more) {
        Line[] lines = new Line[more.length + 1];
        lines[0] = first;
        System.arraycopy(more, 0, lines, 1, more.length);
        return lines;
    }

    /**
     * Whether a position-bound ref still points at the current question; if not, refuses (adding
     * {@code also}) and shows where they are.
     */
    private boolean fresh(Turn turn, View view, CheckinRef ref, Line... also) {
        Progress progress = view.part().progress();
        if (progress.paused() || view.reviewing() || ref.position() != progress.position()) {
            stale(turn, view, also);
            return false;
        }
        return true;
    }

    private void stale(Turn turn, View view, Line... also) {
        turn.refuse(with(Line.text("That was for an earlier step, so nothing changed."), also));
        showCurrent(turn, view, List.of(Line.note("Here's where you are:")));
    }

    /** The check-ins still waiting for {@code person}'s answers, newest first; with a partnership, only its own. */
    private List<View> open(PersonId person, Optional<Long> partnershipId) {
        return stores.checkins().forPerson(person).stream()
                .filter(c -> c.open() && (partnershipId.isEmpty() || c.partnershipId().equals(partnershipId)))
                .map(c -> view(c, person)).flatMap(Optional::stream)
                .filter(v -> !v.part().submitted())
                .toList();
    }

    /** The command that opens a check-in on a text platform, without the platform's prefix. */
    private String openCommand(View view) {
        if (view.checkin().partnershipId().isEmpty()) {
            return "prefs";
        }
        return people.find(view.partner()).map(p -> "checkin " + view.set().id() + " " + p.user().id())
                .orElse("checkin resume");
    }

    /** Where the person is in a check-in, in a few words. */
    private static String where(View view) {
        if (view.part().progress().paused()) {
            return "paused";
        }
        int size = view.set().questions().size();
        return view.reviewing() ? "ready to send" : "question " + (view.part().progress().position() + 1) + " of " + size;
    }

    /** "Checking in with bob": which check-in a line is about, for people with several going. */
    private static Segment[] heading(View view) {
        return view.partnerName().map(name -> new Segment[]{Segment.bot(view.set().title() + " with "), Segment.person(name)})
                .orElse(new Segment[]{Segment.bot(view.set().title())});
    }

    /** A line of parts, where a heading's segments count as parts of their own. */
    private static Line sentence(Object... parts) {
        return line(Style.TEXT, parts);
    }

    private static Line line(Style style, Object... parts) {
        List<Object> flat = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Segment[] segments) {
                flat.addAll(List.of(segments));
            } else {
                flat.add(part);
            }
        }
        return Line.of(style, flat.toArray());
    }

    /** The person's own words, shown back when they were not saved, so they are not lost. */
    private static Line[] kept(String text, String word) {
        String cleaned = AnswerParser.clean(text);
        if (cleaned.isEmpty() || CONTROL.contains(word) || cleaned.codePoints().noneMatch(Character::isLetter)) {
            return new Line[0];
        }
        return new Line[]{Line.note("Here's what you wrote, so it isn't lost:"), Line.quote(Segment.person(cleaned))};
    }

    private void show(Turn turn, View view, Progress next, List<Line> preface) {
        Participation part = save(view.part().with(next));
        showCurrent(turn, new View(view.checkin(), part, view.partner(), view.partnerName()), preface);
    }

    private void showCurrent(Turn turn, View view, List<Line> preface) {
        turn.reply(screen(view, preface));
    }

    /** The step the person is at: the pause, a question or the review. */
    private Message screen(View view, List<Line> preface) {
        PersonId to = view.part().person();
        if (view.part().progress().paused()) {
            return CheckinView.paused(view.checkin(), to, view.partnerName(), people.require(to).zone(), preface);
        }
        return CheckinView.current(view.checkin(), to, view.partnerName(), view.part().progress(), preface, List.of());
    }

    private Participation save(Participation part) {
        stores.checkins().save(part);
        return part;
    }
}
