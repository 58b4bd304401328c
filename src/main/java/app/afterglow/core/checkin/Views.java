package app.afterglow.core.checkin;

import app.afterglow.core.conversation.People;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.messages.Style;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finding a check-in as a person sees it, and the words every part of the flow shares: the
 * screen a person is at, how to open a check-in, which check-in a line is about. Runs inside the
 * caller's transaction.
 */
final class Views {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Stores stores;
    private final People people;

    Views(Stores stores, People people) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
    }

    Optional<View> view(Checkin checkin, PersonId person) {
        return stores.checkins().participation(checkin.id(), person).map(part -> {
            // Only who the partner is: their answers stay sealed.
            Optional<PersonId> partner = stores.checkins().participants(checkin.id()).stream()
                    .filter(p -> !p.equals(person)).findFirst();
            Optional<String> name = checkin.partnershipId().isPresent() || partner.isPresent()
                    ? Optional.of(people.name(partner)) : Optional.empty();
            return new View(checkin, part, partner, name);
        });
    }

    /** The check-in, if this person may still act on it: open, theirs, not sent. Says nothing. */
    Optional<View> usable(long checkinId, PersonId person) {
        return stores.checkins().find(checkinId).filter(Checkin::open)
                .flatMap(c -> view(c, person)).filter(v -> !v.part().submitted());
    }

    /** The check-ins still waiting for {@code person}'s answers, newest first; with a partnership, only its own. */
    List<View> open(PersonId person, Optional<Long> partnershipId) {
        return stores.checkins().openForPerson(person).stream()
                .filter(c -> partnershipId.isEmpty() || c.partnershipId().equals(partnershipId))
                .map(c -> view(c, person)).flatMap(Optional::stream)
                .filter(v -> !v.part().submitted())
                .toList();
    }

    /** The step the person is at: the pause, a question or the review. */
    Message screen(View view, List<Line> preface) {
        PersonId to = view.part().person();
        if (view.part().progress().paused()) {
            return CheckinView.paused(view.checkin(), to, view.partnerName(), people.require(to).zone(), preface);
        }
        return CheckinView.current(view.checkin(), to, view.partnerName(), view.part().progress(), preface, List.of());
    }

    /** The command that opens a check-in on a text platform, without the platform's prefix. */
    String openCommand(View view) {
        if (view.checkin().partnershipId().isEmpty()) {
            return "prefs";
        }
        return people.find(view.partner()).map(p -> "checkin " + view.set().id() + " " + p.user().id())
                .orElse("checkin resume");
    }

    Participation save(Participation part) {
        stores.checkins().save(part);
        return part;
    }

    /** Where the person is in a check-in, in a few words. */
    static String where(View view) {
        if (view.part().progress().paused()) {
            return "paused";
        }
        return view.reviewing() ? "ready to send" : "question " + (view.part().progress().position() + 1) + " of " + view.size();
    }

    /** "Checking in with bob": which check-in a line is about, for people with several going. */
    static Segment[] heading(View view) {
        return view.partnerName().map(name -> new Segment[]{Segment.bot(view.set().title() + " with "), Segment.person(name)})
                .orElse(new Segment[]{Segment.bot(view.set().title())});
    }

    /** A line of parts, where a heading's segments count as parts of their own. */
    static Line line(Style style, Object... parts) {
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

    /** A person's own words, shown back with a refusal so that they are not lost. */
    static Line[] echo(String words) {
        return new Line[]{Line.note("Here's what you wrote, so it isn't lost:"), Line.quote(Segment.person(words))};
    }

    /** A typed reply as a word to compare: trimmed, lower case, single spaces. */
    static String normalized(String text) {
        return SPACES.matcher(text.trim().toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    static Line[] with(Line first, Line... more) {
        Line[] lines = new Line[more.length + 1];
        lines[0] = first;
        System.arraycopy(more, 0, lines, 1, more.length);
        return lines;
    }
}
