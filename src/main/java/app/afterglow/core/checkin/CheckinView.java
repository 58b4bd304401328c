package app.afterglow.core.checkin;

import java.util.Arrays;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Action.Kind;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Prompt;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.Option;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.core.ref.CheckinControl;
import app.afterglow.core.ref.CheckinControl.Verb;
import app.afterglow.core.ref.Refs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The messages of a check-in: a question, the review, the reveal and the closing notes. */
public final class CheckinView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);

    private CheckinView() {
    }

    /**
     * The question the person is at, or the review once they answered them all.
     *
     * @param partner the partner's display name; empty for a personal form
     * @param preface lines said before the question (an intro, a confirmation)
     */
    public static Message current(Checkin checkin, PersonId to, Optional<String> partner, Progress progress,
                                  List<Line> preface, List<Action> extraActions) {
        QuestionSet set = checkin.questions();
        if (progress.reviewing(set.questions().size())) {
            return review(checkin, to, partner, progress, preface);
        }
        int position = progress.position();
        Question question = set.questions().get(position);
        List<Line> lines = new ArrayList<>(preface);
        lines.add(Line.title(withTail(heading(set, partner), " · " + (position + 1) + " of " + set.questions().size())));
        lines.add(Line.text(question.prompt()));
        if (!question.hint().isEmpty()) {
            lines.add(Line.note(question.hint()));
        }
        if (question.type() == QuestionType.SCALE && !(question.minLabel().isEmpty() && question.maxLabel().isEmpty())) {
            lines.add(Line.note(question.min() + " = " + question.minLabel() + " · " + question.max() + " = " + question.maxLabel()));
        }
        if (question.type() == QuestionType.TEXT) {
            lines.add(Line.note("Up to " + question.maxLength() + " characters."));
        }
        Answer before = progress.answers().get(question.id());
        if (before != null && before.answered()) {
            lines.add(Line.note("Your answer so far: ", AnswerFormat.of(question, before)));
        }
        Prompt prompt = new Prompt(ref(CheckinControl.at(checkin.id(), Verb.ANSWER, position)), question.type(), question.prompt(),
                question.options().stream().map(Option::label).toList(), question.min(), question.max(),
                question.minLabel(), question.maxLabel(), question.maxLength());
        List<Action> actions = new ArrayList<>(extraActions);
        actions.add(Action.reply("Skip", "skip", ref(CheckinControl.at(checkin.id(), Verb.SKIP, position)), Kind.SECONDARY));
        if (position > 0 || progress.returnToReview()) {
            actions.add(Action.reply("Back", "back", ref(CheckinControl.at(checkin.id(), Verb.BACK, position)), Kind.SECONDARY));
        }
        actions.add(Action.reply("Stop for now", "stop", ref(CheckinControl.of(checkin.id(), Verb.STOP)), Kind.DANGER));
        return new Message(to, lines, Optional.of(prompt), actions, Optional.empty()).showing(new Focus(checkin.id(), position));
    }

    private static Message review(Checkin checkin, PersonId to, Optional<String> partner, Progress progress,
                                  List<Line> preface) {
        QuestionSet set = checkin.questions();
        List<Line> lines = new ArrayList<>(preface);
        lines.add(Line.title(withTail(heading(set, partner), " · your answers before you send them")));
        lines.add(Line.note(partner.isPresent()
                ? "Every answer is private unless you choose to share it. Only answers you both share are shown, to both of you, side by side."
                : "Every answer is private unless you choose to share it. Partners see shared ones when a session starts."));
        List<Action> actions = new ArrayList<>();
        List<Question> questions = set.questions();
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            int n = i + 1;
            Answer a = progress.answers().get(q.id());
            lines.add(Line.text(n + ". " + q.prompt()));
            if (a == null || a.skipped()) {
                lines.add(Line.note("(skipped)"));
            } else {
                lines.add(Line.quote(AnswerFormat.of(q, a)));
                String choice = a.shared() ? sharedNote(partner) : "🔒 Private";
                // Sent at once, the answer is no longer private from the partner, whatever the share choice.
                lines.add(progress.sentNow().contains(q.id()) && partner.isPresent()
                        ? Line.note("📨 Already sent to ", Segment.person(partner.get()), a.shared() ? " · " + choice : "")
                        : Line.note(choice));
                actions.add(a.shared()
                        ? Action.reply("Keep " + n + " private", "private " + n, ref(CheckinControl.about(checkin.id(), Verb.PRIVATE, q.id())), Kind.SECONDARY)
                        : Action.reply("Share " + n, "share " + n, ref(CheckinControl.about(checkin.id(), Verb.SHARE, q.id())), Kind.PRIMARY));
            }
        }
        for (int i = 0; i < questions.size(); i++) {
            actions.add(Action.reply("Change " + (i + 1), "edit " + (i + 1), ref(CheckinControl.about(checkin.id(), Verb.EDIT, questions.get(i).id())), Kind.SECONDARY));
        }
        actions.add(Action.reply("Share all", "share all", ref(CheckinControl.of(checkin.id(), Verb.SHARE_ALL)), Kind.PRIMARY));
        actions.add(Action.reply("Keep all private", "private all", ref(CheckinControl.of(checkin.id(), Verb.PRIVATE_ALL)), Kind.SECONDARY));
        actions.add(Action.reply(partner.isPresent() ? "Submit" : "Save", "submit", ref(CheckinControl.of(checkin.id(), Verb.SUBMIT)), Kind.SUCCESS));
        actions.add(Action.reply("Stop for now", "stop", ref(CheckinControl.of(checkin.id(), Verb.STOP)), Kind.DANGER));
        return new Message(to, lines, Optional.empty(), actions, Optional.empty())
                .showing(new Focus(checkin.id(), questions.size()));
    }

    /** The pause: everything kept, and the way back. */
    public static Message paused(Checkin checkin, PersonId to, Optional<String> partner, ZoneId zone, List<Line> preface) {
        List<Line> lines = new ArrayList<>(preface);
        lines.add(Line.title(withTail(heading(checkin.questions(), partner), " · paused")));
        lines.add(Line.text("Paused. Everything so far is saved, privately."));
        lines.add(Line.note("Pick it up whenever you're ready (", Segment.command("checkin resume"), " works too). This stays "
                + "open until " + when(checkin.expiresAt(), zone) + "."));
        // The way back is a control, so each platform offers it its own way: a button, or the word to reply.
        return Message.of(to, lines)
                .withActions(List.of(Action.reply("Resume", "resume", ref(CheckinControl.of(checkin.id(), Verb.RESUME)), Kind.PRIMARY)))
                .showing(new Focus(checkin.id(), Focus.PAUSED));
    }

    /**
     * A check-in that is ready for {@code to} while they are in the middle of another: it names
     * itself and how to open it, and takes nothing typed until they do.
     *
     * @param open    the command that opens it, without the platform's prefix
     * @param preface what would have come before its first question (a partner's preferences)
     */
    public static Message waiting(Checkin checkin, PersonId to, String partner, ZoneId zone, Line news, String open,
                                  List<Line> preface) {
        List<Line> lines = new ArrayList<>(preface);
        lines.add(Line.title(withTail(heading(checkin.questions(), Optional.of(partner)), " · waiting for you")));
        lines.add(news);
        lines.add(Line.note("It will wait while you finish the one you're in; nothing you type goes to it until you "
                + "open it with ", Segment.command(open), ". It stays open until " + when(checkin.expiresAt(), zone) + "."));
        return Message.of(to, lines)
                .withActions(List.of(Action.command("Open it", open, ref(CheckinControl.of(checkin.id(), Verb.RESUME)), Kind.PRIMARY)));
    }

    /** Which of several check-ins a person means: each names its partner and how to open it. */
    public static Message choice(PersonId to, List<Line> preface, List<Choice> choices) {
        List<Line> lines = new ArrayList<>(preface);
        List<Action> actions = new ArrayList<>();
        for (Choice c : choices) {
            List<Object> parts = new ArrayList<>(List.of("• "));
            parts.addAll(List.of(heading(c.checkin().questions(), c.partner())));
            parts.add(" — " + c.where() + ": ");
            parts.add(Segment.command(c.open()));
            lines.add(Line.text(parts.toArray()));
            actions.add(Action.command("Open " + c.checkin().questions().title()
                    + c.partner().map(p -> " with " + p).orElse(""), c.open(), ref(CheckinControl.of(c.checkin().id(), Verb.RESUME)),
                    Kind.PRIMARY));
        }
        return Message.of(to, lines).withActions(actions);
    }

    /** One check-in offered in a {@link #choice}: where the person is in it, and the command that opens it. */
    public record Choice(Checkin checkin, Optional<String> partner, String where, String open) {
    }

    private static String sharedNote(Optional<String> partner) {
        return partner.isPresent() ? "🤝 Shared, if your partner shares this one too" : "🤝 Shared with partners";
    }

    /** "Aftercare with Bob" or, for a personal form, its title: parts for {@link Line#of}. */
    static Object[] heading(QuestionSet set, Optional<String> partner) {
        return partner.<Object[]>map(name -> new Object[]{set.title() + " with ", Segment.person(name)})
                .orElse(new Object[]{set.title()});
    }

    /** What both partners receive when both submitted: the mutually shared answers, and nothing else. */
    public static Message reveal(Checkin checkin, PersonId to, String partner, List<ConsentRule.SharedPair> pairs) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(withTail(heading(checkin.questions(), Optional.of(partner)), " · what you both shared")));
        lines.addAll(pairLines(partner, pairs));
        lines.add(Line.note("Only answers you both chose to share are shown here. ", Segment.command("history"),
                " keeps them for you."));
        return Message.of(to, lines);
    }

    /** The side-by-side lines of the mutually shared answers, or a gentle note that there are none. */
    public static List<Line> pairLines(String partner, List<ConsentRule.SharedPair> pairs) {
        List<Line> lines = new ArrayList<>();
        if (pairs.isEmpty()) {
            lines.add(Line.text("Nothing was shared both ways this time, and that is completely okay."));
        }
        for (ConsentRule.SharedPair pair : pairs) {
            lines.add(Line.text(pair.question().prompt()));
            lines.add(Line.quote("You: ", AnswerFormat.of(pair.question(), pair.mine())));
            lines.add(Line.quote(Segment.person(partner), ": ", AnswerFormat.of(pair.question(), pair.theirs())));
        }
        return lines;
    }

    /** The only thing anyone hears of a check-in that closed unshared: that nothing was shared. */
    public static Message closedUnshared(Checkin checkin, PersonId to, String partner) {
        return Message.of(to,
                Line.title(heading(checkin.questions(), Optional.of(partner))),
                Line.text("This check-in has closed. Nothing was shared this time."));
    }

    /** The words of the one gentle reminder, said before the step it brings back to the screen. */
    public static List<Line> nudge(Checkin checkin, ZoneId zone) {
        return List.of(Line.text("A gentle nudge: this check-in is still waiting for you, whenever you're ready. It stays "
                        + "open until " + WHEN.format(checkin.expiresAt().atZone(zone)) + "."),
                Line.note("If you'd rather not, that's okay too: it will close and nothing will be shared."));
    }

    /**
     * The reminder for someone busy with another check-in, or already past the step it would have
     * shown: it names the check-in and how to open it, and shows no step.
     */
    public static Message reminder(Checkin checkin, PersonId to, String partner, ZoneId zone, String open) {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.title(withTail(heading(checkin.questions(), Optional.of(partner)), " · waiting for you")));
        lines.addAll(nudge(checkin, zone));
        lines.add(Line.note("To pick it up: ", Segment.command(open), "."));
        return Message.of(to, lines)
                .withActions(List.of(Action.command("Continue", open, ref(CheckinControl.of(checkin.id(), Verb.RESUME)), Kind.PRIMARY)));
    }

    private static String ref(CheckinControl control) {
        return Refs.encode(control);
    }

    public static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone));
    }

    private static Object[] withTail(Object[] head, Object tail) {
        Object[] all = Arrays.copyOf(head, head.length + 1);
        all[head.length] = tail;
        return all;
    }
}
