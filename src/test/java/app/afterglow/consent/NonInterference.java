package app.afterglow.consent;

import app.afterglow.consent.ConsentOracle.Completed;
import app.afterglow.testing.FirstDifference;
import app.afterglow.testing.ReviewItems.Item;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Rule 4 as an experiment: change one person's choice on a question their partner did not share,
 * replay everything else verbatim, and every other person's transcript must be byte-identical.
 */
final class NonInterference {
    private NonInterference() {
    }

    /** One edit of the script that only {@code person} could notice. */
    record Variant(String person, String description, List<String> script) {
    }

    /** The edits available for the first completed check-in with a question the partner did not share. */
    static List<Variant> variants(Scenario.Result run) {
        for (Completed c : run.oracle().completed()) {
            for (Item mine : c.mine().review().items()) {
                boolean theyShared = c.theirs().review().item(mine.number()).filter(Item::sharedAnswer).isPresent();
                if (mine.answer().isPresent() && !theyShared) {
                    return variants(run, c, mine);
                }
            }
        }
        return List.of();
    }

    private static List<Variant> variants(Scenario.Result run, Completed c, Item item) {
        List<Variant> variants = new ArrayList<>();
        String person = c.person();
        String choice = (item.shared() ? "private " : "share ") + item.number();
        List<String> flipped = new ArrayList<>(run.script());
        flipped.add(c.mine().step(), person + ": " + choice);
        variants.add(new Variant(person, "\"" + person + ": " + choice + "\" inserted before step " + c.mine().step()
                + " (their submit of " + c.at() + ")", flipped));
        Matcher m = ConsentOracle.MARKER.matcher(item.answer().orElseThrow());
        Optional<ConsentOracle.Typed> typed = m.find() ? run.oracle().marker(m.group()) : Optional.empty();
        typed.filter(t -> t.typist().equals(person)).ifPresent(t -> {
            List<String> rewritten = new ArrayList<>(run.script());
            String other = "Zq" + (900_000 + t.step()) + "x";
            rewritten.set(t.step(), rewritten.get(t.step()).replace(t.marker(), other));
            variants.add(new Variant(person, "step " + t.step() + " typed " + other + " instead of " + t.marker()
                    + " (item " + item.number() + " of " + c.at() + ")", rewritten));
        });
        return variants;
    }

    /** Differences between everyone-but-{@code person}'s transcripts in the two outputs; empty when none. */
    static List<String> differences(List<String> original, List<String> changed, List<String> people, String person) {
        List<String> found = new ArrayList<>();
        for (String other : people) {
            if (other.equals(person)) {
                continue;
            }
            FirstDifference.between(transcript(original, other), transcript(changed, other))
                    .ifPresent(d -> found.add(other + "'s transcript changed " + d));
        }
        return found;
    }

    private static List<String> transcript(List<String> output, String person) {
        String prefix = "[to " + person + "] ";
        return output.stream().filter(l -> l.startsWith(prefix)).toList();
    }
}
