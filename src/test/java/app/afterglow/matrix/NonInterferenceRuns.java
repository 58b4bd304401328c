package app.afterglow.matrix;

import app.afterglow.matrix.RepliesRun.Result;
import app.afterglow.matrix.RepliesRun.Transport;
import app.afterglow.matrix.RepliesRun.Variant;
import app.afterglow.matrix.RepliesRun.Weather;
import app.afterglow.matrix.TypedRepliesOracle.Item;
import app.afterglow.testing.FirstDifference;
import app.afterglow.testing.MatrixPair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static app.afterglow.matrix.TypedRepliesOracle.reviews;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Rule 4 on Matrix, as an experiment. A seed of the replies model is played calm (every step
 * waits for the bot, so the run is the same each time) on a homeserver and bot of its own; then
 * again on fresh ones, with one person's private choices made otherwise: every word they wrote
 * that nobody else was shown, and, in each check-in they sent, the share choice of one answer
 * whose question their partner did not share. Everything else is drawn alike. Both runs are
 * judged by {@link TypedRepliesOracle}, and every other person's DM must then hold the bot's
 * messages byte for byte as before (as their own client reads them: decrypted, in an encrypted DM).
 */
final class NonInterferenceRuns {
    private static final Pattern WORDS = Pattern.compile("w\\d+x\\d+");

    private NonInterferenceRuns() {
    }

    /** Plays seed {@code seed} on {@code first}, its variant on {@code second}, and compares; both bots unstarted. */
    static void check(MatrixPair first, MatrixPair second, long seed, Transport transport) throws InterruptedException {
        Result run = RepliesRun.play(first, seed, transport, Weather.CALM, Variant.NONE);
        run.judge();
        Variant variant = variant(run);
        assertTrue(!variant.words().isEmpty() || !variant.flips().isEmpty(), "nobody made a private choice in seed " + seed);

        Result changed = RepliesRun.play(second, seed, transport, Weather.CALM, variant);
        changed.judge();
        Set<String> own = new HashSet<>();
        Matcher shown = WORDS.matcher(String.join("\n", run.shown().get(variant.person())));
        while (shown.find()) {
            own.add(shown.group());
        }
        // Words typed while the bot was down and deleted before it was back were never shown, even to their writer.
        if (!variant.flips().isEmpty() || variant.words().stream().anyMatch(own::contains)) {
            assertNotEquals(run.shown().get(variant.person()), changed.shown().get(variant.person()),
                    "the variant changed nothing even " + variant.person() + " was shown: " + variant);
        }
        List<String> differences = new ArrayList<>();
        for (String person : run.shown().keySet()) {
            if (!person.equals(variant.person())) {
                FirstDifference.between(run.shown().get(person), changed.shown().get(person))
                        .ifPresent(d -> differences.add("  " + person + "'s DM changed " + d));
            }
        }
        if (!differences.isEmpty()) {
            fail("seed " + seed + ": " + variant + " changed what others were shown:\n" + String.join("\n", differences));
        }
    }

    /** The variant of whoever has the most private choices to make otherwise. */
    private static Variant variant(Result run) {
        return run.shown().keySet().stream().map(person -> variant(run, person))
                .max(Comparator.comparingInt(v -> v.words().size() + v.flips().size()))
                .orElseThrow();
    }

    private static Variant variant(Result run, String person) {
        Set<String> seenByOthers = new HashSet<>();
        run.shown().forEach((who, messages) -> {
            if (!who.equals(person)) {
                messages.forEach(m -> {
                    Matcher words = WORDS.matcher(m);
                    while (words.find()) {
                        seenByOthers.add(words.group());
                    }
                });
            }
        });
        Set<String> unseen = new HashSet<>();
        run.sent().stream().filter(s -> s.person().equals(person) && WORDS.matcher(s.words()).matches())
                .map(TypedRepliesOracle.Sent::words).filter(w -> !seenByOthers.contains(w)).forEach(unseen::add);
        Map<String, Integer> flips = new LinkedHashMap<>();
        reviews(run.transcripts().get(person)).forEach((partner, mine) -> {
            Map<Integer, Item> theirs = reviews(run.transcripts().getOrDefault(partner, "")).getOrDefault(person, Map.of());
            mine.keySet().stream().filter(q -> theirs.get(q) == null || !theirs.get(q).shared()).findFirst()
                    .ifPresent(q -> flips.put(partner, q));
        });
        return new Variant(person, unseen, flips);
    }
}
