package app.afterglow.core.checkin;

import app.afterglow.core.conversation.Mail;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.store.Stores;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sending a check-in, and the reveal once both partners have: the consent rule decides what each
 * receives. Runs inside the caller's transaction.
 */
final class Submission {
    private final Stores stores;
    private final People people;
    private final Mail mail;
    private final Views views;

    Submission(Stores stores, People people, Mail mail, Views views) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.views = Objects.requireNonNull(views, "views");
    }

    void submit(Turn turn, View view) {
        Instant now = turn.now();
        Participation mine = views.save(view.part().submit(now));
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
                reveal(checkin, all, turn);
            } else {
                turn.reply(Line.text("Thank you — that's sent. When ", Segment.person(view.partnerName().orElseThrow()),
                        " has finished too, you'll both see what you both chose to share."));
            }
        }
        views.open(mine.person(), Optional.empty()).stream().findFirst()
                .ifPresent(next -> turn.reply(views.screen(next, List.of(Line.note("Another check-in is waiting for you:")))));
    }

    private void reveal(Checkin checkin, List<Participation> all, Turn turn) {
        stores.checkins().updateStatus(checkin.id(), CheckinStatus.REVEALED);
        stores.jobs().deleteForCheckin(checkin.id());
        for (Participation me : all) {
            Participation other = all.stream().filter(p -> !p.person().equals(me.person())).findFirst().orElseThrow();
            List<ConsentRule.SharedPair> pairs = ConsentRule.mutual(checkin.questions(), me.progress(), other.progress());
            mail.now(CheckinView.reveal(checkin, me.person(), people.name(Optional.of(other.person())), pairs),
                    other.person(), turn);
        }
    }
}
