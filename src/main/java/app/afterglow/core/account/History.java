package app.afterglow.core.account;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.AnswerFormat;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinView;
import app.afterglow.core.checkin.ConsentRule;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.Question;
import app.afterglow.core.store.Stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /history}: past check-ins with what both shared, and the person's own other answers,
 * which only they ever see.
 */
public final class History {
    /** Enough to look back on without flooding a DM; export has everything. */
    static final int SHOWN = 5;

    private final Stores stores;
    private final People people;

    public History(Stores stores, People people) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
    }

    public void show(Turn turn) {
        PersonId me = turn.actor().id();
        List<Checkin> past = shared(me);
        if (past.isEmpty()) {
            turn.reply(Line.text("No check-ins yet. When you and your partner are ready: ", Segment.command("session start"), "."));
            return;
        }
        for (Checkin checkin : past) {
            turn.reply(Message.of(me, lines(checkin, me, turn)));
        }
        turn.reply(Line.note(past.size() == 1 ? "That's your only check-in so far. " : "Showing your last " + past.size()
                + " check-ins. ", Segment.command("mydata export"), " gives you everything."));
    }

    /**
     * The newest check-ins the person did with a partner, read a page at a time: a year of daily
     * sessions is a thousand check-ins, and only the newest few are shown.
     */
    private List<Checkin> shared(PersonId me) {
        for (int page = 2 * SHOWN; ; page *= 4) {
            List<Checkin> newest = stores.checkins().forPerson(me, page);
            List<Checkin> shared = newest.stream().filter(c -> !c.questions().kind().personal()).limit(SHOWN).toList();
            if (shared.size() == SHOWN || newest.size() < page) {
                return shared;
            }
        }
    }

    private List<Line> lines(Checkin checkin, PersonId me, Turn turn) {
        List<Participation> all = stores.checkins().participations(checkin.id());
        Optional<Participation> mine = all.stream().filter(p -> p.person().equals(me)).findFirst();
        Optional<Participation> theirs = all.stream().filter(p -> !p.person().equals(me)).findFirst();
        String partner = people.name(theirs.map(Participation::person));
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(checkin.questions().title() + " with ", Segment.person(partner), " · "
                + CheckinView.when(checkin.createdAt(), turn.actor().zone())));
        Set<String> mutual = Set.of();
        switch (checkin.status()) {
            case REVEALED -> {
                List<ConsentRule.SharedPair> pairs = ConsentRule.mutual(checkin.questions(),
                        mine.map(Participation::progress).orElse(Progress.start()),
                        theirs.map(Participation::progress).orElse(Progress.start()));
                lines.addAll(CheckinView.pairLines(partner, pairs));
                mutual = pairs.stream().map(p -> p.question().id()).collect(Collectors.toSet());
            }
            case OPEN -> lines.add(Line.note("Still open, until " + CheckinView.when(checkin.expiresAt(), turn.actor().zone()) + "."));
            default -> lines.add(Line.note("Closed. Nothing was shared."));
        }
        List<Line> own = new ArrayList<>();
        for (Question q : checkin.questions().questions()) {
            Answer a = mine.map(p -> p.progress().answers().get(q.id())).orElse(null);
            if (a != null && a.answered() && !mutual.contains(q.id())) {
                own.add(Line.text(q.prompt()));
                own.add(Line.quote(AnswerFormat.of(q, a)));
            }
        }
        if (!own.isEmpty()) {
            lines.add(Line.note("Only you can see these answers of yours:"));
            lines.addAll(own);
        }
        return lines;
    }
}
