package app.afterglow.core.account;

import app.afterglow.core.messages.Message;
import app.afterglow.core.checkin.Checkins;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.partnership.Partnerships;
import app.afterglow.core.ref.EraseConfirmation;
import app.afterglow.core.ref.Refs;
import app.afterglow.core.store.Stores;

import java.util.List;
import java.util.Objects;

/**
 * {@code /mydata delete}: after an explicit confirmation, ends the person's partnerships (their
 * partners are told only that it ended), closes their open check-ins and erases every row that
 * is theirs.
 */
public final class Erasure {
    private final Stores stores;
    private final Partnerships partnerships;
    private final Checkins checkins;

    public Erasure(Stores stores, Partnerships partnerships, Checkins checkins) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.partnerships = Objects.requireNonNull(partnerships, "partnerships");
        this.checkins = Objects.requireNonNull(checkins, "checkins");
    }

    public void ask(Turn turn) {
        turn.reply(Message.of(turn.actor().id(),
                Line.title("Erase everything?"),
                Line.text("This erases everything I keep about you: your answers, preferences, partnerships and settings. "
                        + "Your partners will only be told the partnership ended. It can't be undone."),
                Line.note("If you're sure, say ", Segment.command("mydata delete confirm"), "."))
                .withActions(List.of(Action.command("Erase everything", "mydata delete confirm",
                        Refs.encode(new EraseConfirmation()), Action.Kind.DANGER))));
    }

    /** Erases the actor; the storage leaves nothing readable of them once the transaction commits. */
    public void erase(Turn turn) {
        for (Partnership p : stores.partnerships().forPerson(turn.actor().id())) {
            if (p.isOpen()) {
                partnerships.end(p, turn.actor(), turn.now());
            }
        }
        checkins.cancelPersonal(turn.actor().id());
        stores.jobs().deleteForPerson(turn.actor().id());
        stores.outbox().deleteForPerson(turn.actor().id());
        stores.people().delete(turn.actor().id());
        turn.reply(Line.text("Done. Everything I kept about you is erased. If you talk to me again, I'll start fresh."));
    }
}
