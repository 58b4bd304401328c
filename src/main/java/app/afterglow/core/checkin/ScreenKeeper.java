package app.afterglow.core.checkin;

import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Screens;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Stores;

import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each person's {@link Focus} to what they were actually shown, when it reaches them; and
 * holds back a check-in that opens while they are in the middle of another one, sending its
 * announcement instead. Runs inside the caller's transaction.
 */
public final class ScreenKeeper implements Screens {
    private final Stores stores;

    public ScreenKeeper(Stores stores) {
        this.stores = Objects.requireNonNull(stores, "stores");
    }

    @Override
    public Optional<Message> beforeShowing(Message message) {
        if (message.ifBusy().isEmpty()) {
            return Optional.of(message);
        }
        PersonId to = message.to();
        Optional<Focus> step = message.shows();
        if (step.isPresent() && open(step.get().checkinId(), to).isEmpty()) {
            return Optional.empty();
        }
        Optional<Focus> focus = stores.people().find(to).flatMap(Person::focus);
        boolean busy = focus.filter(f -> step.filter(s -> s.checkinId() == f.checkinId()).isEmpty())
                .filter(f -> answering(f.checkinId(), to)).isPresent();
        // A step they have moved past since is not put back on screen: the stand-in only names the check-in.
        boolean outdated = step.filter(s -> !current(s, to)).isPresent();
        return Optional.of(busy || outdated ? message.ifBusy().get() : message.withoutStandIn());
    }

    @Override
    public void shown(Message message) {
        message.shows().ifPresent(step -> stores.people().setFocus(message.to(), Optional.of(step)));
    }

    /** Whether {@code step} is where {@code person} is in that check-in, which is still open for them. */
    private boolean current(Focus step, PersonId person) {
        return open(step.checkinId(), person)
                .filter(p -> p.progress().step(size(step.checkinId())) == step.step()).isPresent();
    }

    /**
     * Whether {@code person} is part-way through that check-in: open, not sent, not paused, and
     * begun. One merely shown and not yet touched gives way, so an aftercare check-in is not held
     * behind a negotiation nobody started.
     */
    private boolean answering(long checkinId, PersonId person) {
        return open(checkinId, person).map(Participation::progress)
                .filter(p -> !p.paused() && (p.position() > 0 || !p.answers().isEmpty())).isPresent();
    }

    private Optional<Participation> open(long checkinId, PersonId person) {
        return stores.checkins().find(checkinId).filter(Checkin::open)
                .flatMap(c -> stores.checkins().participation(checkinId, person))
                .filter(p -> !p.submitted());
    }

    private int size(long checkinId) {
        return stores.checkins().find(checkinId).map(c -> c.questions().questions().size()).orElse(0);
    }
}
