package app.afterglow.discord;

import app.afterglow.discord.RepliesOracle.Sent;
import app.afterglow.discord.RepliesOracle.Verdict;
import app.afterglow.discord.RepliesScenario.Result;
import app.afterglow.discord.Shown.Control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rule 4 as an experiment on a recorded run: one person's private choices made differently —
 * the words they wrote that nobody else was shown, the answers they gave that never reached a
 * reveal nor were sent at once as a need, what they picked in stale and copied controls, and one share choice on a question
 * their partner did not share — and everything else replayed verbatim. Every other person's
 * transcript must then be the same, line for line.
 */
final class RepliesVariant {
    private RepliesVariant() {
    }

    /** {@code changes}: how many of the person's acts it changes or adds. */
    record Variant(String person, String description, List<List<Act>> script, int changes) {
    }

    /** The variant for whoever has the most private choices to change; empty when nobody has any. */
    static Optional<Variant> of(Result run) {
        return run.people().stream().map(p -> of(run, p)).flatMap(Optional::stream)
                .max(Comparator.comparingInt(Variant::changes));
    }

    private static Optional<Variant> of(Result run, String person) {
        List<List<Act>> script = new ArrayList<>();
        int words = 0;
        int answers = 0;
        int lastId = 0;
        for (List<Act> step : run.script()) {
            List<Act> changed = new ArrayList<>();
            for (Act act : step) {
                lastId = Math.max(lastId, act.id());
                Act other = act.actor().equals(person) ? changed(run, act) : act;
                if (!other.equals(act)) {
                    if (act instanceof Act.SendForm) {
                        words++;
                    } else {
                        answers++;
                    }
                }
                changed.add(other);
            }
            script.add(changed);
        }
        String flip = flip(run, person, script, lastId + 1);
        if (words + answers == 0 && flip.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Variant(person, "for " + person + ": " + words + " private words written otherwise, " + answers
                + " private answers picked otherwise" + flip, script, words + answers + (flip.isEmpty() ? 0 : 1)));
    }

    private static Act changed(Result run, Act act) {
        RepliesOracle oracle = run.oracle();
        if (act instanceof Act.SendForm send) {
            boolean mine = RepliesOracle.TOKEN.matcher(send.text()).results().noneMatch(m -> oracle.seenByOthers(m.group()));
            return mine ? new Act.SendForm(send.id(), send.actor(), send.carrier(), send.form(), send.text().replace("Zq", "Zv")) : act;
        }
        boolean gives = oracle.meaning(act.id()).filter(m -> m instanceof Reading.Give).isPresent();
        boolean fresh = oracle.verdict(act.id()).filter(v -> v == Verdict.FRESH).isPresent();
        if (!gives || (fresh && oracle.revealed(act.id()))) {
            return act;
        }
        if (act instanceof Act.Press press) {
            Shown shown = run.inboxes().get(press.source().person()).state(press.source());
            return shown.controls().stream().filter(c -> !c.menu() && Reading.offersAnswer(c) && !c.customId().equals(press.customId()))
                    .findFirst()
                    .<Act>map(c -> new Act.Press(press.id(), press.actor(), press.carrier(), press.source(), c.customId()))
                    .orElse(act);
        }
        if (act instanceof Act.Pick pick) {
            Shown shown = run.inboxes().get(pick.source().person()).state(pick.source());
            Optional<Control> menu = shown.control(pick.customId());
            if (menu.isPresent() && menu.get().choices().size() > 1) {
                List<String> values = menu.get().choices().stream().map(Shown.Choice::value).toList();
                List<String> other = pick.values().equals(List.of(values.get(0))) ? List.of(values.get(1)) : List.of(values.get(0));
                return new Act.Pick(pick.id(), pick.actor(), pick.carrier(), pick.source(), pick.customId(), other);
            }
        }
        return act;
    }

    /**
     * Adds, just before one of {@code person}'s submits, a click that flips the share choice of an
     * item their partner did not share; returns what it did, empty when there is no such submit.
     */
    private static String flip(Result run, String person, List<List<Act>> script, int id) {
        for (Map.Entry<Sent, List<Integer>> e : run.oracle().privateItems(person).entrySet()) {
            Sent sent = e.getKey();
            int item = e.getValue().get(0);
            Shown review = run.inboxes().get(person).state(sent.source());
            Optional<Control> toggle = review.button("Share " + item).or(() -> review.button("Keep " + item + " private"));
            for (int i = 0; i < script.size() && toggle.isPresent(); i++) {
                // Clicked on the review itself, the flip edits that message just before the submit does,
                // so every later act still finds the messages it names where they were.
                Optional<Act.Press> submit = script.get(i).stream().filter(a -> a.id() == sent.act() && a instanceof Act.Press)
                        .map(Act.Press.class::cast).filter(p -> p.carrier() == p.source().ordinal()).findFirst();
                if (submit.isPresent()) {
                    script.add(i, List.of(new Act.Press(id, person, submit.get().carrier(), sent.source(), toggle.get().customId())));
                    return ", and \"" + toggle.get().label() + "\" clicked before their submit at step " + i;
                }
            }
        }
        return "";
    }
}
