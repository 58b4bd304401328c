package app.afterglow.core.checkin;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opening check-ins: one for a partnership, or a person's own form (the aftercare preferences).
 * Runs inside the caller's transaction.
 */
final class CheckinStart {
    private final Stores stores;
    private final People people;
    private final Mail mail;
    private final CoreSettings settings;
    private final Views views;
    private final Steps steps;
    private final Deadlines deadlines;

    CheckinStart(Stores stores, People people, Mail mail, CoreSettings settings, Views views, Steps steps,
                 Deadlines deadlines) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.views = Objects.requireNonNull(views, "views");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /** See {@link Checkins#start}. */
    Checkin start(Partnership partnership, QuestionSet set, Optional<Long> sessionId, Optional<Turn> starter,
                  Instant now, Function<PersonId, List<Line>> preface) {
        Optional<Checkin> already = stores.checkins().openForPartnership(partnership.id()).stream()
                .filter(c -> c.questions().id().equals(set.id())).findFirst();
        if (already.isPresent()) {
            starter.ifPresent(turn -> pickUp(turn, views.view(already.get(), turn.actor().id()).orElseThrow()));
            return already.get();
        }
        // One check-in per partnership at a time: a newer one supersedes an unfinished older one, which
        // closes as at its deadline, revealing nothing and nudging no one after.
        stores.checkins().openForPartnership(partnership.id()).forEach(older -> deadlines.expire(older.id(), now));
        PersonId a = partnership.inviter().orElseThrow();
        PersonId b = partnership.invitee().orElseThrow();
        List<PersonId> order = starter.filter(t -> t.actor().id().equals(b)).isPresent() ? List.of(b, a) : List.of(a, b);
        Checkin checkin = stores.checkins().create(Optional.of(partnership.id()), sessionId, set, order, now,
                now.plus(settings.expiry()));
        stores.jobs().schedule(new Job(0, Job.Kind.EXPIRE, checkin.expiresAt(), Optional.of(checkin.id()),
                Optional.empty(), Optional.of(partnership.id()), Optional.empty()));
        for (PersonId person : order) {
            stores.jobs().schedule(new Job(0, Job.Kind.REMIND, now.plus(settings.reminder()), Optional.of(checkin.id()),
                    Optional.of(person), Optional.of(partnership.id()), Optional.empty()));
            View view = views.view(checkin, person).orElseThrow();
            if (starter.filter(t -> t.actor().id().equals(person)).isPresent()) {
                List<Line> intro = new ArrayList<>(preface.apply(person));
                if (!set.intro().isEmpty()) {
                    intro.add(Line.text(set.intro()));
                }
                starter.get().reply(views.screen(view, intro));
            } else {
                invite(view, starter, preface.apply(person), now);
            }
        }
        return checkin;
    }

    /** Where the starter left the open check-in; once they sent it, only that it waits for the partner. */
    private void pickUp(Turn turn, View view) {
        if (view.part().submitted()) {
            turn.reply(Line.text("You've already sent this check-in. When ", Segment.person(view.partnerName().orElseThrow()),
                    " has finished too, you'll both see what you both chose to share."));
            return;
        }
        steps.pickUp(turn, view, Line.note("You already have this check-in open — picking up where you left off."));
    }

    /**
     * The first question for the partner of whoever started it (at once), or for both when it was
     * scheduled (after their quiet hours). If they are in the middle of another check-in by the
     * time it arrives, it announces itself and waits instead.
     */
    private void invite(View view, Optional<Turn> starter, List<Line> before, Instant now) {
        QuestionSet set = view.set();
        String kind = set.kind().title();
        String partner = view.partnerName().orElseThrow();
        Line news = starter.isPresent()
                ? Line.text(Segment.person(starter.get().actor().name()), " started "
                        + ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + " check-in with you.")
                : Line.text("Your " + kind + " check-in with ", Segment.person(partner), " is ready.");
        List<Line> intro = new ArrayList<>(before);
        intro.add(news);
        if (!set.intro().isEmpty()) {
            intro.add(Line.text(set.intro()));
        }
        PersonId to = view.part().person();
        Person recipient = people.require(to);
        Message first = views.screen(view, intro).waitingIfBusy(CheckinView.waiting(view.checkin(), to, partner,
                recipient.zone(), news, views.openCommand(view), before));
        // It carries the partner's name, and their preferences when a session starts: it goes if they erase their data.
        PersonId author = view.partner().orElse(to);
        if (starter.isPresent()) {
            mail.now(first, author, starter.get());
        } else {
            mail.considerate(first, author, now);
        }
    }

    /** Starts (or resumes) a personal form such as the aftercare preferences, pre-filled with {@code initial}. */
    void startPersonal(Turn turn, QuestionSet set, Progress initial) {
        PersonId me = turn.actor().id();
        Optional<Checkin> draft = stores.checkins().openForPerson(me).stream()
                .filter(c -> c.partnershipId().isEmpty() && c.questions().id().equals(set.id())).findFirst();
        if (draft.isPresent()) {
            steps.pickUp(turn, views.view(draft.get(), me).orElseThrow(), Line.note("Picking up where you left off."));
            return;
        }
        Instant now = turn.now();
        Checkin checkin = stores.checkins().create(Optional.empty(), Optional.empty(), set, List.of(me), now,
                now.plus(settings.expiry()));
        stores.jobs().schedule(new Job(0, Job.Kind.EXPIRE, checkin.expiresAt(), Optional.of(checkin.id()),
                Optional.empty(), Optional.empty(), Optional.empty()));
        Participation part = stores.checkins().participation(checkin.id(), me).orElseThrow();
        views.save(part.with(new Progress(0, false, false, initial.answers(), initial.sentNow())));
        List<Line> intro = set.intro().isEmpty() ? List.of() : List.of(Line.text(set.intro()));
        turn.reply(views.screen(views.view(checkin, me).orElseThrow(), intro));
    }
}
