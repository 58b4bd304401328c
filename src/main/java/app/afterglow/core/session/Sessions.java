package app.afterglow.core.session;

import app.afterglow.core.CoreSettings;
import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.AnswerFormat;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.Checkins;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.PartnershipStatus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.partnership.Partnerships;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionCatalog;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.SessionStore;
import app.afterglow.core.store.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions and aftercare preferences: {@code /session start} runs the negotiation check-in and
 * shows each partner the other's shared preferences; {@code /session end} runs aftercare and
 * schedules the next-day follow-up. Runs inside the caller's transaction.
 */
public final class Sessions {
    private final Stores stores;
    private final People people;
    private final Checkins checkins;
    private final Partnerships partnerships;
    private final QuestionCatalog catalog;
    private final CoreSettings settings;

    public Sessions(Stores stores, People people, Checkins checkins, Partnerships partnerships, QuestionCatalog catalog,
                    CoreSettings settings) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
        this.checkins = Objects.requireNonNull(checkins, "checkins");
        this.partnerships = Objects.requireNonNull(partnerships, "partnerships");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public void start(Turn turn, Optional<PlatformUser> partner) {
        Optional<Partnership> found = partnerships.active(turn, partner, "session start");
        if (found.isEmpty()) {
            return;
        }
        Partnership p = found.get();
        Optional<SessionStore.Session> open = stores.sessions().open(p.id());
        if (open.isPresent()) {
            turn.reply(Line.text("You already have a session going with ",
                    Segment.person(people.name(p.other(turn.actor().id()))), "."),
                    Line.note("Say ", Segment.command("session end"), " when you're done, and I'll send the aftercare check-in."));
            return;
        }
        SessionStore.Session session = stores.sessions().start(p.id(), turn.now());
        checkins.start(p, catalog.standard(CheckinKind.BEFORE), Optional.of(session.id()), Optional.of(turn), turn.now(),
                viewer -> partnerPreferences(viewer, p));
    }

    public void end(Turn turn, Optional<PlatformUser> partner) {
        Optional<Partnership> found = partnerships.active(turn, partner, "session end");
        if (found.isEmpty()) {
            return;
        }
        Partnership p = found.get();
        Optional<Long> sessionId = stores.sessions().open(p.id()).map(s -> {
            stores.sessions().end(s.id(), turn.now());
            return s.id();
        });
        // The set's own intro does the welcoming; a deployment's set words it as it likes.
        checkins.start(p, catalog.standard(CheckinKind.AFTER), sessionId, Optional.of(turn), turn.now(), viewer -> List.of());
        stores.jobs().schedule(new Job(0, Job.Kind.FOLLOWUP, turn.now().plus(settings.followupDelay()), Optional.empty(),
                Optional.empty(), Optional.of(p.id()), sessionId));
    }

    /** The scheduled next-day follow-up: both partners get its first question after their quiet hours. */
    public void followup(Job job, Instant now) {
        job.partnershipId().flatMap(id -> stores.partnerships().find(id))
                .filter(p -> p.status() == PartnershipStatus.ACTIVE)
                .ifPresent(p -> checkins.start(p, catalog.standard(CheckinKind.FOLLOWUP), job.sessionId(), Optional.empty(),
                        now, viewer -> List.of()));
    }

    /** Opens the person's aftercare preferences for editing, starting from the ones they saved last. */
    public void preferences(Turn turn) {
        Progress initial = savedPreferences(turn.actor().id())
                .map(part -> new Progress(0, false, false, part.progress().answers(), part.progress().sentNow()))
                .orElse(Progress.start());
        checkins.startPersonal(turn, catalog.standard(CheckinKind.PREFS), initial);
    }

    private Optional<Participation> savedPreferences(PersonId person) {
        return savedForm(person).flatMap(c -> stores.checkins().participation(c.id(), person));
    }

    /** Preferences are the only form a person saves, and the newest saved one is the one that counts. */
    private Optional<Checkin> savedForm(PersonId person) {
        return stores.checkins().lastSavedForPerson(person).filter(c -> c.questions().kind() == CheckinKind.PREFS);
    }

    /** What {@code viewer}'s partner chose to share of their preferences; nothing at all if they shared none. */
    private List<Line> partnerPreferences(PersonId viewer, Partnership p) {
        Optional<PersonId> other = p.other(viewer);
        if (other.isEmpty()) {
            return List.of();
        }
        Optional<Checkin> form = savedForm(other.get());
        Optional<Progress> saved = form.flatMap(c -> stores.checkins().participation(c.id(), other.get()))
                .map(Participation::progress);
        if (form.isEmpty() || saved.isEmpty()) {
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        for (Question q : form.get().questions().questions()) {
            Answer answer = saved.get().answers().get(q.id());
            if (answer != null && answer.answered() && answer.shared()) {
                lines.add(Line.quote(AnswerFormat.of(q, answer)));
            }
        }
        if (!lines.isEmpty()) {
            lines.add(0, Line.title("What helps ", Segment.person(people.name(other)), " come down afterwards"));
        }
        return lines;
    }
}
