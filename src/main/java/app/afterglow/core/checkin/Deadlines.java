package app.afterglow.core.checkin;

import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.QuietTime;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Stores;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What time does to a check-in: the one reminder, the deadline, and closing check-ins whose
 * partnership or person is gone. Nothing closed this way reveals anything. Runs inside the
 * caller's transaction.
 */
final class Deadlines {
    private final Stores stores;
    private final People people;
    private final Mail mail;
    private final Views views;

    Deadlines(Stores stores, People people, Mail mail, Views views) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.views = Objects.requireNonNull(views, "views");
    }

    void expire(long checkinId, Instant now) {
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

    Optional<Instant> remind(long checkinId, PersonId person, Instant now) {
        Optional<Checkin> checkin = stores.checkins().find(checkinId).filter(Checkin::open);
        Optional<View> view = checkin.flatMap(c -> views.view(c, person));
        if (view.isEmpty() || view.get().part().submitted() || view.get().part().reminded() || view.get().partner().isEmpty()) {
            return Optional.empty();
        }
        Person recipient = people.require(person);
        Instant allowed = QuietTime.nextAllowed(recipient, now);
        if (allowed.isAfter(now)) {
            return allowed.isBefore(checkin.get().expiresAt()) ? Optional.of(allowed) : Optional.empty();
        }
        View reminded = view.get().with(views.save(view.get().part().markReminded()));
        // The reminder brings the check-in back to the screen, unless they are busy with another by then.
        Message message = views.screen(reminded, CheckinView.nudge(checkin.get(), recipient.zone()))
                .waitingIfBusy(CheckinView.reminder(checkin.get(), person, reminded.partnerName().orElseThrow(),
                        recipient.zone(), views.openCommand(reminded)));
        mail.now(message, reminded.partner().get(), now);
        return Optional.empty();
    }

    void cancelOpen(long partnershipId) {
        stores.checkins().openForPartnership(partnershipId).forEach(this::cancel);
    }

    void cancelPersonal(PersonId person) {
        stores.checkins().openForPerson(person).stream().filter(c -> c.partnershipId().isEmpty()).forEach(this::cancel);
    }

    private void cancel(Checkin checkin) {
        stores.checkins().updateStatus(checkin.id(), CheckinStatus.CANCELLED);
        stores.jobs().deleteForCheckin(checkin.id());
    }
}
