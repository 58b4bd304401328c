package app.afterglow.consent;

import app.afterglow.consent.Reveal.Entry;
import app.afterglow.consent.Reveal.Place;
import app.afterglow.consent.Reveal.Side;
import app.afterglow.testing.ReviewItems.Item;
import app.afterglow.consent.Screen.Question;
import app.afterglow.consent.Screen.Review;
import app.afterglow.consent.Section.Kind;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The consent rule (PRODUCT.md, rules 1–7) judged from transcripts alone. Fed one step at a time —
 * the line typed and everything it printed — it keeps what each person was last shown and what
 * they submitted, and records a {@link Violation} whenever a delivered message is not allowed:
 * words filed in, or shown from, a check-in other than the one on their writer's screen; a reveal
 * that differs from what both reviews said when their owners pressed submit; a reveal after a
 * close or to someone outside the partnership; a control word stored as an answer.
 */
final class ConsentOracle {
    /** Planted words: unique per typed line, never part of the bot's own text. */
    static final Pattern MARKER = Pattern.compile("\\bZq\\d+x\\b");
    private static final Pattern TYPED = Pattern.compile("^\\s*([\\p{L}\\p{N}_.\\-]{1,32})\\s*:\\s?(.*)$");
    private static final Pattern CONTROL = Pattern.compile(
            "(?i)^(skip|back|stop|resume|submit|send now|share all|private all|(share|private|edit) \\d+)$");
    private static final Pattern SENT_WAITING_FOR = Pattern.compile("When (\\S+) has finished too");
    private static final Pattern ENDED_BY_ME = Pattern.compile("The partnership with (\\S+) has ended");
    private static final Pattern ENDED_BY_THEM = Pattern.compile("^(\\S+) ended your check-in partnership");
    private static final Pattern JOINED_BY_ME = Pattern.compile("^You and (\\S+) are now check-in partners");
    private static final Pattern JOINED_BY_THEM = Pattern.compile("^(\\S+) said yes — you're now check-in partners");
    private static final String SUBMITTED = "Thank you — that's sent";
    private static final String CLOSED = "This check-in has closed";
    private static final String CLOCK = "[clock] ";
    private static final DateTimeFormatter CLOCK_FORMAT = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    /** Where a marker was typed: the typist's screen then (empty: no valid screen) and that check-in's generation. */
    record Typed(String marker, int step, String typist, Optional<Screen> screen, int generation) {
    }

    /** What a person consented to: the review on their screen when their submit was confirmed. */
    record Submission(String person, Review review, int step, Instant at, Set<String> doneFor) {
    }

    /** A reveal judged exact, with both submissions behind it (for the non-interference check). */
    record Completed(String person, Checkin at, Submission mine, Submission theirs, int step) {
    }

    private final Map<String, Screen> screens = new HashMap<>();
    private final Map<String, Lifetime> lifetimes = new HashMap<>();
    private final Map<String, Typed> markers = new HashMap<>();
    private final Set<String> partnerships = new HashSet<>();
    private final Map<String, Deque<Submission>> pending = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<Completed> completed = new ArrayList<>();
    private final Set<String> storedWords = new HashSet<>();
    /** Words already reported in a place: later screens repeat them, and the first sighting is the one to read. */
    private final Set<String> misplaced = new HashSet<>();

    private final Duration expiry;
    private Instant now;
    private int step;
    private String line = "";
    private String typist = "";
    private String typed = "";
    private Map<String, Screen> before = Map.of();

    /** {@code start}: the bot's clock before any {@code /clock}; {@code expiry}: how long a check-in stays open. */
    ConsentOracle(Instant start, Duration expiry) {
        now = start;
        this.expiry = expiry;
    }

    /**
     * One person's view of one check-in (title and partner) over time. The title does not say which
     * instance a message is about, so instances are told apart by time: {@code since} is when the
     * current one was first seen, and {@code silentEnds} counts instances known to have expired
     * whose close notice has not arrived yet (it waits out quiet hours, maybe behind a newer one).
     */
    private static final class Lifetime {
        int generation;
        Instant since;
        int silentEnds;
    }

    /** Judges one step: the line typed ({@code NAME: text}, or anything else) and every line it printed. */
    void step(int index, String typedLine, List<String> output) {
        step = index;
        line = typedLine;
        Matcher m = TYPED.matcher(typedLine);
        typist = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "";
        typed = m.matches() ? m.group(2).trim() : "";
        before = Map.copyOf(screens);
        output.stream().filter(l -> l.startsWith(CLOCK)).findFirst().ifPresent(l -> now = LocalDateTime
                .parse(l.substring(CLOCK.length()).replace(" UTC", ""), CLOCK_FORMAT).toInstant(ZoneOffset.UTC));
        Matcher planted = MARKER.matcher(typed);
        while (planted.find() && !typist.isEmpty()) {
            Optional<Screen> screen = Optional.ofNullable(before.get(typist));
            int generation = screen.flatMap(Screen::checkin).map(c -> generation(typist, c)).orElse(0);
            markers.putIfAbsent(planted.group(), new Typed(planted.group(), index, typist, screen, generation));
        }
        for (Section section : Transcript.sections(output)) {
            seen(section);
            checkMarkers(section);
            checkControlWords(section);
            apply(section);
        }
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    List<Completed> completed() {
        return List.copyOf(completed);
    }

    Optional<Screen> screen(String person) {
        return Optional.ofNullable(screens.get(person));
    }

    Optional<Typed> marker(String marker) {
        return Optional.ofNullable(markers.get(marker));
    }

    /** Current partners of {@code person}, as their transcripts announced them. */
    Set<String> partnersOf(String person) {
        Set<String> mine = new TreeSet<>();
        for (String pair : partnerships) {
            String[] two = pair.split("\\|");
            if (two[0].equals(person)) {
                mine.add(two[1]);
            }
        }
        return mine;
    }

    // ---- rule 7: where planted words may appear

    private void checkMarkers(Section section) {
        for (int i = 0; i < section.lines().size(); i++) {
            Matcher m = MARKER.matcher(section.lines().get(i));
            while (m.find()) {
                Typed t = markers.get(m.group());
                if (t == null) {
                    flag("rule 1", "words nobody typed (" + m.group() + ") reached " + section.to(), section);
                } else if (!allowed(section, i, t) && misplaced.add(t.marker() + "|" + section.to() + "|" + describe(section))) {
                    flag("rule 7", t.typist() + "'s words " + t.marker() + ", typed at step " + t.step() + " with "
                            + t.screen().map(Object::toString).orElse("no screen") + " in front of them, reached "
                            + section.to() + " in " + describe(section), section);
                }
            }
        }
    }

    private boolean allowed(Section s, int line, Typed t) {
        boolean toTypist = s.to().equals(t.typist());
        if (!(t.screen().orElse(null) instanceof Question q)) {
            // Words typed with nothing to answer on screen may only come back to their writer as an echo.
            return toTypist && s.kind() == Kind.ECHO;
        }
        if (toTypist) {
            if (s.kind() == Kind.ECHO) {
                return true;
            }
            if (!s.about(q.at())) {
                return false;
            }
            boolean sameGeneration = generation(s.to(), q.at()) == t.generation();
            return switch (s.kind()) {
                case QUESTION -> s.number() == q.number() && sameGeneration;
                case REVIEW -> Integer.valueOf(q.number()).equals(Review.of(s).itemOfLine().get(line)) && sameGeneration;
                case REVEAL -> at(s, line, q.prompt(), Side.YOU);
                // The writer's own words about the very same check-in, in their own DM, tell no one anything.
                case PAUSED, WAITING, NOTICE -> sameGeneration;
                default -> false;
            };
        }
        return s.to().equals(q.at().partner()) && s.kind() == Kind.REVEAL
                && s.about(new Checkin(q.at().title(), t.typist())) && at(s, line, q.prompt(), Side.PARTNER);
    }

    private static boolean at(Section reveal, int line, String prompt, Side side) {
        Place place = Reveal.of(reveal).placeOfLine().get(line);
        return place != null && place.side() == side && place.prompt().equals(prompt);
    }

    /** Once per stored word: every later review repeats it, and the first sighting is the one to read. */
    private void checkControlWords(Section section) {
        if (section.kind() == Kind.REVIEW) {
            Checkin at = section.checkin().orElseThrow();
            for (Item item : Review.of(section).items()) {
                item.answer().filter(a -> CONTROL.matcher(a.trim()).matches())
                        .filter(a -> storedWords.add(key(section.to(), at) + "|" + generation(section.to(), at) + "|" + item.number() + "|" + a))
                        .ifPresent(a -> flag("rule 7 (reply word kept as an answer)", "\"" + a + "\" is stored as "
                                + section.to() + "'s answer to item " + item.number() + " of " + at, section));
            }
        }
    }

    // ---- the model: screens, submissions, reveals, closes, partnerships

    private void apply(Section section) {
        String to = section.to();
        Screen.of(section).ifPresent(screen -> screens.put(to, screen));
        switch (section.kind()) {
            case REVEAL -> {
                Checkin at = section.checkin().orElseThrow();
                judgeReveal(section, Reveal.of(section));
                end(to, at);
            }
            case NOTICE -> {
                Checkin at = section.checkin().orElseThrow();
                Lifetime life = life(to, at);
                if (section.mentions(CLOSED) && life.silentEnds > 0) {
                    life.silentEnds--;
                } else if (section.mentions(CLOSED)) {
                    over(to, at, Instant.MAX);
                    end(to, at);
                }
            }
            case LOOSE -> section.lines().forEach(text -> loose(to, text, section));
            default -> {
            }
        }
    }

    private void loose(String to, String text, Section section) {
        Matcher m;
        if (text.startsWith(SUBMITTED)) {
            submitted(to, text, section);
        } else if ((m = ENDED_BY_ME.matcher(text)).find() || (m = ENDED_BY_THEM.matcher(text)).find()) {
            parted(to, m.group(1));
        } else if ((m = JOINED_BY_ME.matcher(text)).find() || (m = JOINED_BY_THEM.matcher(text)).find()) {
            partnerships.add(to + "|" + m.group(1));
            partnerships.add(m.group(1) + "|" + to);
        }
    }

    private void submitted(String to, String text, Section section) {
        Screen shown = before.get(to);
        Matcher named = SENT_WAITING_FOR.matcher(text);
        if (!to.equals(typist) || !typed.equalsIgnoreCase("submit")) {
            flag("rule 2", to + "'s check-in was sent by \"" + line + "\", not by their own submit", section);
        } else if (!(shown instanceof Review review)) {
            flag("rule 7", "submit took effect while " + to + " had " + (shown == null ? "no screen" : shown) + " in front of them",
                    section);
        } else if (named.find() && !named.group(1).equals(review.at().partner())) {
            flag("rule 7", "submit at the " + review + " sent the check-in with " + named.group(1), section);
        } else {
            pending.computeIfAbsent(key(to, review.at()), k -> new ArrayDeque<>())
                    .add(new Submission(to, review, step, now, new HashSet<>()));
        }
        if (screens.get(to) instanceof Review) {
            screens.remove(to);
        }
    }

    private void judgeReveal(Section section, Reveal reveal) {
        String me = section.to();
        Checkin at = reveal.at();
        String partner = at.partner();
        if (!partnerships.contains(me + "|" + partner)) {
            flag("rule 6", "a reveal of " + at + " reached " + me + ", who is not " + partner + "'s partner", section);
        }
        Submission[] both = instance(me, at);
        if (both[0] == null || both[1] == null) {
            flag("rules 3, 5", me + " received a reveal of " + at + " though " + (both[0] == null ? me : partner)
                    + " has not submitted it since the last reveal or close" + submittedHere(both[0] == null ? me : partner), section);
        } else {
            List<Entry> expected = expected(both[0].review(), both[1].review());
            if (!expected.equals(reveal.entries())) {
                flag("rules 3, 4", "the reveal to " + me + " differs from what both reviews said at submit (steps "
                        + both[0].step() + " and " + both[1].step() + "); expected " + expected, section);
            } else {
                completed.add(new Completed(me, at, both[0], both[1], step));
            }
        }
        for (Submission s : both) {
            if (s != null) {
                s.doneFor().add(me);
            }
        }
        prune(me, at);
    }

    /** When {@code person} typed submit at this very step: what they had on screen instead. */
    private String submittedHere(String person) {
        return person.equals(typist) && typed.equalsIgnoreCase("submit") && before.get(typist) instanceof Review r
                ? " (their submit at this step was typed with the " + r + " on screen)" : "";
    }

    /** Rule 3: questions answered and shared on both sides, in order, each with both answers. */
    static List<Entry> expected(Review mine, Review theirs) {
        List<Entry> entries = new ArrayList<>();
        for (Item item : mine.items()) {
            Optional<Item> other = theirs.item(item.number());
            if (item.sharedAnswer() && other.filter(Item::sharedAnswer).isPresent()) {
                entries.add(new Entry(item.prompt(), item.answer().orElseThrow(), other.get().answer().orElseThrow()));
            }
        }
        return entries;
    }

    /** The oldest submissions of one check-in not yet revealed or closed to {@code me}: mine, then my partner's. */
    private Submission[] instance(String me, Checkin at) {
        Checkin theirs = new Checkin(at.title(), me);
        return new Submission[]{oldestNotDoneFor(key(me, at), me), oldestNotDoneFor(key(at.partner(), theirs), me)};
    }

    private Submission oldestNotDoneFor(String key, String person) {
        return pending.getOrDefault(key, new ArrayDeque<>()).stream()
                .filter(s -> !s.doneFor().contains(person)).findFirst().orElse(null);
    }

    private void prune(String me, Checkin at) {
        for (String key : List.of(key(me, at), key(at.partner(), new Checkin(at.title(), me)))) {
            Deque<Submission> queue = pending.get(key);
            if (queue != null) {
                queue.removeIf(s -> s.doneFor().size() >= 2);
            }
        }
    }

    /**
     * A check-in shown again after it must have expired (see {@link Lifetime}) is a new instance:
     * the expired one can reveal nothing any more, and words typed in it belong to it alone.
     */
    private void seen(Section section) {
        if (section.checkin().isEmpty() || !EnumSet.of(Kind.QUESTION, Kind.REVIEW, Kind.PAUSED, Kind.WAITING).contains(section.kind())) {
            return;
        }
        Checkin at = section.checkin().get();
        Lifetime life = life(section.to(), at);
        if (life.since != null && !now.isBefore(life.since.plus(expiry))) {
            over(section.to(), at, life.since.plus(expiry));
            end(section.to(), at);
            life.silentEnds++;
        }
        if (life.since == null) {
            life.since = now;
        }
    }

    /** Both partners' submissions of a check-in made before {@code until} will never be revealed. */
    private void over(String me, Checkin at, Instant until) {
        for (String key : List.of(key(me, at), key(at.partner(), new Checkin(at.title(), me)))) {
            pending.getOrDefault(key, new ArrayDeque<>()).stream().filter(s -> s.at().isBefore(until))
                    .forEach(s -> s.doneFor().addAll(List.of(me, at.partner())));
        }
        prune(me, at);
    }

    /** A check-in over for {@code person}: its screen no longer takes replies, and a new one is a new generation. */
    private void end(String person, Checkin at) {
        Screen screen = screens.get(person);
        if (screen != null && screen.checkin().filter(at::equals).isPresent()) {
            screens.remove(person);
        }
        Lifetime life = life(person, at);
        life.generation++;
        life.since = null;
    }

    private void parted(String person, String partner) {
        partnerships.remove(person + "|" + partner);
        partnerships.remove(partner + "|" + person);
        pending.keySet().removeIf(k -> k.startsWith(person + "|") && k.endsWith("|" + partner)
                || k.startsWith(partner + "|") && k.endsWith("|" + person));
        for (String[] side : List.of(new String[]{person, partner}, new String[]{partner, person})) {
            Screen screen = screens.get(side[0]);
            if (screen != null && screen.checkin().filter(c -> c.partner().equals(side[1])).isPresent()) {
                screens.remove(side[0]);
            }
            lifetimes.forEach((k, life) -> {
                if (k.startsWith(side[0] + "|") && k.endsWith("|" + side[1])) {
                    life.generation++;
                    life.since = null;
                    life.silentEnds = 0;
                }
            });
        }
    }

    private int generation(String person, Checkin at) {
        return life(person, at).generation;
    }

    private Lifetime life(String person, Checkin at) {
        return lifetimes.computeIfAbsent(key(person, at), k -> new Lifetime());
    }

    private static String key(String person, Checkin at) {
        return person + "|" + at.title() + "|" + at.partner();
    }

    private static String describe(Section s) {
        return s.kind().name().toLowerCase(Locale.ROOT) + s.checkin().map(c -> " of " + c).orElse("")
                + (s.kind() == Kind.QUESTION ? " (question " + s.number() + ")" : "");
    }

    private void flag(String rule, String detail, Section section) {
        violations.add(new Violation(step, line, rule, detail, "[to " + section.to() + "] " + section.text()));
    }
}
