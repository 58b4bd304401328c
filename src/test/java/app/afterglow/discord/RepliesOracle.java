package app.afterglow.discord;

import app.afterglow.core.CoreSettings;
import app.afterglow.discord.Reading.Kind;
import app.afterglow.discord.Reading.Meaning;
import app.afterglow.discord.RepliesRun.Change;
import app.afterglow.discord.RepliesRun.Observed;
import app.afterglow.testing.ReviewItems.Item;
import app.afterglow.testing.TestBot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The consent rule (PRODUCT.md) for replies given through Discord's controls, judged from what
 * people did and what they were shown, never from the bot's code or storage. It keeps its own
 * model of every check-in: for each person, the step on their screen (the last one the bot
 * showed them), every answer and share choice they made there, and what their review said when
 * they submitted. An act is <em>fresh</em> when the person used a control of the very step of that
 * check-in that is on their screen now, <em>stale</em> when the control belongs to a step they have
 * moved on from (or a check-in they sent or that closed), and <em>foreign</em> when it comes from a
 * check-in they take no part in. A fresh act is filed; the others change nothing. Then:
 * <ul>
 *   <li>every review and every "your answer so far" shows exactly the answers and share choices
 *       the model holds for that person in that check-in — words land only where they were given,
 *       none twice, none lost;</li>
 *   <li>a reveal comes only when both submitted, and holds exactly the questions both answered and
 *       both shared, side by side;</li>
 *   <li>a person's words reach nobody else but through such a reveal;</li>
 *   <li>a stale or foreign act gets a reply saying nothing changed, and a step made only of them
 *       edits no message and shows nothing to anyone but the actor; a duplicate delivery shows nothing;
 *       a fresh act is never refused;</li>
 *   <li>nothing in the server channel is visible to anyone but the one who acted;</li>
 *   <li>a "send now" of a live check-in brings its partner, in a DM and in that very step, exactly the
 *       answer the sender holds for that question, once until they change it; nothing else of the
 *       check-in reaches anyone before the reveal, and a send from a check-in sent, closed or not
 *       theirs sends nothing and says so;</li>
 *   <li>a pause is shown as a pause and keeps every answer; picking it up (its button, {@code /checkin
 *       resume}, or any other control of it) shows the very step it was at, and an answer given while
 *       paused is not filed and the person is told so;</li>
 *   <li>once a partnership ends, its check-ins are closed, nothing of one partner reaches the other
 *       (no step, reminder, follow-up, need, reveal or close notice), and the other is told;</li>
 *   <li>a step where only time passed shows nothing to someone inside their quiet hours (on their
 *       own clock, in the time zone they set) unless their
 *       quiet hours ended meanwhile, and every close notice owed arrives exactly once by the end of
 *       the run, to the two people of that check-in.</li>
 * </ul>
 * What the model takes from the product where PRODUCT.md leaves it open: a changed answer keeps
 * its share choice, while an answer given where there was none starts private; a check-in closes
 * 48 hours after it starts, or when a newer one of the same two people starts; someone not yet
 * shown any step of a check-in is at its first question; and the review's controls name the
 * review, not a copy of it, so those of an older copy act while the review is on screen (a submit
 * from it sends the choices as they are now, which the person made themselves); a "send now" names
 * its question, not a step, so one from an older message of a live check-in still sends the answer
 * held now; while a check-in is paused, any control of it picks it up, and an answer given through one
 * is not filed (what it was meant for is not known once the person stopped); a
 * partnership that ended owes nobody a close notice, even one that was waiting out quiet hours.
 */
final class RepliesOracle {
    /** Planted words: unique per form sent, never part of the bot's own text. */
    static final Pattern TOKEN = Pattern.compile("\\bZ[qv]\\d+x\\b");
    private static final Duration EXPIRY = CoreSettings.defaults().expiry();
    private static final String NOTHING_SHARED = "Nothing was shared both ways this time, and that is completely okay.";

    /** One breach, located by the step whose acts and output showed it. */
    record Violation(int step, String acts, String rule, String detail, String message) {
        @Override
        public String toString() {
            return "step " + step + " (" + acts + "): " + rule + " — " + detail
                    + (message.isEmpty() ? "" : "\n      offending message:\n        " + message.replace("\n", "\n        "));
        }
    }

    /** {@code RESUMED}: a control of a paused check-in, which only picks it up again where it was. */
    enum Verdict { FRESH, STALE, FOREIGN, RESUMED }

    /** An answer in the model: {@code shown} as a review shows it, empty when skipped; {@code act} gave it. */
    record Given(Optional<String> shown, int act) {
        boolean answered() {
            return shown.isPresent();
        }
    }

    /** Where a person is in a check-in: a question from 1, the review, or not known / moving / sent. */
    record At(String name, int question) {
        static final At UNSEEN = new At("unseen", 0);
        static final At MOVING = new At("moving on", 0);
        static final At SENT = new At("sent", 0);
        static final At REVIEW = new At("the review", 0);

        static At question(int n) {
            return new At("question", n);
        }

        boolean known() {
            return this.equals(REVIEW) || name.equals("question");
        }

        @Override
        public String toString() {
            return question > 0 ? "question " + question : name;
        }
    }

    /** What a fresh submit sent: the answers and choices on the review at that moment. */
    record Sent(Map<Integer, Given> answers, Map<Integer, Boolean> shared, int act, Act.Seen source) {
    }

    private static final class Part {
        final Map<Integer, Given> answers = new TreeMap<>();
        final Map<Integer, Boolean> shared = new TreeMap<>();
        At at = At.UNSEEN;
        final List<Act.Seen> showing = new ArrayList<>();
        Sent sent;
        boolean revealed;
        boolean paused;
        Act.Seen pausedSeen;
        /** Questions whose answer as it stands now was sent at once. */
        final Set<Integer> sentNow = new HashSet<>();

        boolean answered(int item) {
            return answers.containsKey(item) && answers.get(item).answered();
        }

        /**
         * The step the person is at. A check-in starts at its first question, so someone who has
         * not been shown any step yet (it waits behind another) is there: a copy of their partner's
         * first-question control names their own step, as the one they would be shown does.
         */
        At current() {
            return at.equals(At.UNSEEN) ? At.question(1) : at;
        }
    }

    private static final class Checkin {
        final long handle;
        final String title;
        final List<String> people;
        final Instant start;
        final Map<String, Part> parts = new LinkedHashMap<>();
        final Map<Integer, String> prompts = new TreeMap<>();
        int size;
        boolean closed;
        int bothSent = -1;

        Checkin(long handle, String title, List<String> people, Instant start) {
            this.handle = handle;
            this.title = title;
            this.people = List.copyOf(people);
            this.start = start;
            people.forEach(p -> parts.put(p, new Part()));
        }

        String other(String person) {
            return people.get(0).equals(person) ? people.get(1) : people.get(0);
        }

        boolean live(String person) {
            return !closed && parts.get(person).sent == null;
        }

        @Override
        public String toString() {
            return title + " #" + handle + " of " + people.get(0) + " and " + people.get(1);
        }
    }

    /** An act judged, with what the model expects of its reply: {@code refusal} in words containing {@code refusedIn}. */
    private record Judged(Act act, Verdict verdict, Meaning meaning, long handle, boolean refusal, String refusedIn,
                          boolean pauses) {
        Judged(Act act, Verdict verdict, Meaning meaning, long handle, boolean refusal) {
            this(act, verdict, meaning, handle, refusal, Reading.NOTHING_CHANGED, false);
        }
    }

    /** A need sent at once and due to its recipient in this very step. */
    private record Need(String to, String from, String words) {
    }


    private final RepliesRun run;
    private final Map<Long, Checkin> checkins = new LinkedHashMap<>();
    private final Map<String, String> writers = new HashMap<>();
    private final Set<String> seenByOthers = new HashSet<>();
    private final Set<Integer> revealedActs = new HashSet<>();
    private final Map<Integer, Verdict> verdicts = new HashMap<>();
    private final Map<Integer, Meaning> meanings = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private Instant now = TestBot.START;
    private int step;
    private String acts = "";
    private final Set<String> freshOn = new HashSet<>();
    private final Set<String> shownOn = new HashSet<>();
    private final Set<String> actors = new HashSet<>();
    /**
     * Person|check-in paused at some moment of this step: interactions delivered together may be
     * taken up in any order, and a pause shown in between is as true as the resume after it.
     */
    private final Set<String> pausedDuring = new HashSet<>();
    /** The question a fresh answer was just given at, by person and check-in, within this step. */
    private final Map<String, Integer> givenNow = new HashMap<>();
    /** Each send-now control seen, by custom id: the question whose answer it sends. */
    private final Map<String, Integer> sendControls = new HashMap<>();
    private final List<Need> needs = new ArrayList<>();
    /** Pairs of people (sorted, joined by |) who are partners, and the step at which those who ended it did. */
    private final Set<String> partnerships = new HashSet<>();
    private final Map<String, Integer> ended = new HashMap<>();
    /** Who must hear in this step that a partnership ended, and from whom. */
    private final Map<String, String> endNotices = new HashMap<>();
    /**
     * Close notices owed, by recipient|title|partner: for each check-in that closed unshared by its
     * deadline or a newer one, the moment it may arrive, which is when it closed, or the end of the
     * recipient's quiet hours it closed in.
     */
    private final Map<String, List<Instant>> owedClose = new HashMap<>();
    private final Map<String, int[]> quietHours = new HashMap<>();
    /** Each person's time zone, which their quiet hours are read in; UTC until they set one. */
    private final Map<String, ZoneId> zones = new HashMap<>();
    /** Invites waiting, by who was invited: who invited them. */
    private final Map<String, String> invites = new HashMap<>();

    RepliesOracle(RepliesRun run) {
        this.run = run;
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    Instant now() {
        return now;
    }

    /** Judges one step: its acts, in the order they were delivered, and everything they showed. */
    void step(int index, List<Act> performed, Observed observed) {
        step = index;
        acts = performed.stream().map(Object::toString).collect(Collectors.joining("; "));
        freshOn.clear();
        shownOn.clear();
        givenNow.clear();
        actors.clear();
        pausedDuring.clear();
        checkins.values().forEach(c -> c.parts.forEach((person, part) -> {
            if (part.paused) {
                pausedDuring.add(person + "|" + c.handle);
            }
        }));
        performed.stream().map(Act::actor).filter(a -> !a.isEmpty()).forEach(actors::add);
        Instant before = now;
        List<Judged> judged = new ArrayList<>();
        for (Act act : performed) {
            if (act instanceof Act.Wait wait) {
                now = now.plus(Duration.ofHours(wait.hours()));
                checkins.values().stream().filter(c -> c.bothSent < 0 && !c.closed && !now.isBefore(c.start.plus(EXPIRY)))
                        .forEach(this::closeUnshared);
            } else if (act instanceof Act.Slash slash) {
                command(slash);
            } else if (act instanceof Act.Press || act instanceof Act.Pick || act instanceof Act.SendForm) {
                accepted(act);
                judge(act).ifPresent(judged::add);
            }
        }
        observed.unowned().forEach(s -> flag("rule 6", "a message in the server channel that no interaction asked for", s));
        registerNew(observed.changes());
        for (Change change : observed.changes()) {
            look(change);
        }
        Set<Long> changedIds = run.ids(observed.changes());
        for (Judged j : judged) {
            checkReply(j, run.replies(j.act().id(), changedIds));
        }
        checkQuietStep(performed, judged, observed.changes());
        if (performed.stream().allMatch(a -> a instanceof Act.Wait)) {
            checkQuietHours(before, observed.changes());
        }
        needs.forEach(n -> flag("send now (never lost)", n.from() + " sent " + n.to() + " a need at once (" + n.words()
                + ") that never reached them", ""));
        needs.clear();
        endNotices.forEach((to, by) -> flag("ending", to + " was never told that " + by + " ended their partnership", ""));
        endNotices.clear();
        // Whatever waited out quiet hours is due the moment they end, and the bot delivers after every step.
        owedClose.forEach((key, owed) -> {
            if (owed.removeIf(due -> !due.isAfter(now))) {
                flag("rule 5 (never lost)", "a close notice for " + key.replace("|", " / ") + " was due by " + now
                        + " and did not arrive", "");
            }
        });
        for (Checkin c : checkins.values()) {
            if (c.bothSent == index) {
                c.parts.forEach((person, part) -> {
                    if (!part.revealed) {
                        flag("rule 3", person + " got no reveal of " + c + " though both submitted", "");
                    }
                });
            }
        }
    }

    // ---- the acts

    private Optional<Judged> judge(Act act) {
        Act.Seen from;
        String customId;
        List<String> values = List.of();
        String text = "";
        if (act instanceof Act.Press press) {
            from = press.source();
            customId = press.customId();
        } else if (act instanceof Act.Pick pick) {
            from = pick.source();
            customId = pick.customId();
            values = pick.values();
        } else {
            Act.SendForm send = (Act.SendForm) act;
            Act.OpenForm form = run.opened(send.form()).orElseThrow();
            from = form.source();
            customId = form.customId();
            text = send.text();
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                writers.putIfAbsent(m.group(), act.actor());
            }
        }
        Shown source = run.shown(from);
        Reading screen = Reading.of(source);
        Optional<Shown.Control> control = source.control(customId);
        if (control.isPresent() && screen.handle().isPresent() && act instanceof Act.Press
                && Set.of("Stop for now", "Resume").contains(control.get().label()) || control.isPresent()
                && control.get().label().startsWith("Send to ") && screen.handle().isPresent()) {
            return Optional.of(flowControl(act, control.get(), screen.handle().getAsLong()));
        }
        if (control.isEmpty() || !screen.step() || screen.handle().isEmpty()) {
            return Optional.empty();
        }
        Meaning meaning = screen.meaning(source, control.get(), values, text);
        if (meaning instanceof Reading.Other) {
            return Optional.empty();
        }
        meanings.put(act.id(), meaning);
        long handle = screen.handle().getAsLong();
        Checkin c = checkins.get(handle);
        String actor = act.actor();
        Verdict verdict;
        if (c == null || !c.people.contains(actor)) {
            verdict = Verdict.FOREIGN;
        } else {
            At shown = screen.kind() == Kind.REVIEW ? At.REVIEW : At.question(screen.question());
            verdict = c.live(actor) && c.parts.get(actor).current().equals(shown) ? Verdict.FRESH : Verdict.STALE;
        }
        if (c != null && c.people.contains(actor) && c.live(actor) && c.parts.get(actor).paused) {
            // Paused, any control of it picks it up again where it was and files nothing; an answer says it was not saved.
            c.parts.get(actor).paused = false;
            verdicts.put(act.id(), Verdict.RESUMED);
            boolean answer = meaning instanceof Reading.Give;
            return Optional.of(new Judged(act, Verdict.RESUMED, meaning, handle, answer,
                    answer ? Reading.NOT_SAVED : Reading.NOTHING_CHANGED, true));
        }
        verdicts.put(act.id(), verdict);
        boolean refusal = verdict != Verdict.FRESH || !apply(act, c, meaning);
        if (verdict == Verdict.FRESH) {
            freshOn.add(actor + "|" + handle);
        }
        return Optional.of(new Judged(act, verdict, meaning, handle, refusal));
    }

    /** Files a fresh act in the model; false when the product is to refuse it all the same (nothing there to share). */
    private boolean apply(Act act, Checkin c, Meaning meaning) {
        Part part = c.parts.get(act.actor());
        int question = part.current().question();
        if (meaning instanceof Reading.Give give) {
            Given before = part.answers.get(question);
            part.answers.put(question, new Given(Optional.of(give.shown()), act.id()));
            if (before == null || !before.answered()) {
                part.shared.put(question, false);
            }
            if (before == null || !before.shown().equals(Optional.of(give.shown()))) {
                part.sentNow.remove(question);
            }
            givenNow.put(act.actor() + "|" + c.handle, question);
            part.at = At.MOVING;
        } else if (meaning instanceof Reading.Skip) {
            part.sentNow.remove(question);
            part.answers.put(question, new Given(Optional.empty(), act.id()));
            part.shared.put(question, false);
            part.at = At.MOVING;
        } else if (meaning instanceof Reading.Back || meaning instanceof Reading.Change) {
            part.at = At.MOVING;
        } else if (meaning instanceof Reading.Share share) {
            if (!part.answered(share.item())) {
                return false;
            }
            part.shared.put(share.item(), share.share());
        } else if (meaning instanceof Reading.ShareAll all) {
            part.answers.keySet().stream().filter(part::answered).forEach(n -> part.shared.put(n, all.share()));
        } else if (meaning instanceof Reading.Submit) {
            Act.Seen source = act instanceof Act.Press press ? press.source() : null;
            part.sent = new Sent(Collections.unmodifiableMap(new TreeMap<>(part.answers)),
                    Collections.unmodifiableMap(new TreeMap<>(part.shared)), act.id(), source);
            part.at = At.SENT;
            if (c.parts.get(c.other(act.actor())).sent != null) {
                c.bothSent = step;
            }
        }
        return true;
    }

    /**
     * Stop, resume and send now: none files an answer, so none is bound to a step, but each acts
     * only on a check-in the actor still has open. Sending sends the answer the person holds for
     * that question now, once until they change it, and only to the partner of that check-in.
     */
    private Judged flowControl(Act act, Shown.Control control, long handle) {
        String label = control.label();
        Meaning meaning = label.equals("Stop for now") ? new Reading.Stop() : label.equals("Resume") ? new Reading.Resume() : new Reading.SendNow();
        meanings.put(act.id(), meaning);
        Checkin c = checkins.get(handle);
        String actor = act.actor();
        Verdict verdict;
        boolean refusal = false;
        boolean pauses = false;
        String refusedIn = Reading.NOTHING_CHANGED;
        if (c == null || !c.people.contains(actor)) {
            verdict = Verdict.FOREIGN;
            refusal = true;
        } else if (!c.live(actor)) {
            verdict = Verdict.STALE;
            refusal = true;
        } else {
            Part part = c.parts.get(actor);
            verdict = Verdict.FRESH;
            if (meaning instanceof Reading.Stop) {
                pauses = !part.paused;
                part.paused = true;
                pausedDuring.add(actor + "|" + handle);
            } else if (meaning instanceof Reading.Resume) {
                pauses = part.paused;
                part.paused = false;
            } else if (part.paused) {
                part.paused = false;
                pauses = true;
                verdict = Verdict.RESUMED;
            } else {
                Integer question = sendControls.get(control.customId());
                Given given = question == null ? null : part.answers.get(question);
                if (given == null || !given.answered()) {
                    verdict = Verdict.STALE;
                    refusal = true;
                } else if (part.sentNow.contains(question)) {
                    verdict = Verdict.STALE;
                    refusal = true;
                    refusedIn = "Already sent to " + c.other(actor);
                } else {
                    part.sentNow.add(question);
                    needs.add(new Need(c.other(actor), actor, given.shown().orElseThrow()));
                    revealedActs.add(given.act());
                }
            }
        }
        verdicts.put(act.id(), verdict);
        return new Judged(act, verdict, meaning, handle, refusal, refusedIn, pauses);
    }

    /** A slash command that changes what the oracle expects: quiet hours, or the end of a partnership. */
    private void command(Act.Slash slash) {
        String actor = slash.actor();
        Optional<String> option = slash.options().stream().filter(o -> o.name().equals("quiet") || o.name().equals("partner"))
                .map(Act.Option::value).findFirst();
        if (slash.command().equals("settings")) {
            slash.options().stream().filter(o -> o.name().equals("timezone")).findFirst()
                    .ifPresent(o -> zones.put(actor, ZoneId.of(o.value())));
            Matcher m = Pattern.compile("^(\\d\\d):00-(\\d\\d):00$").matcher(option.orElse(""));
            if (m.matches()) {
                quietHours.put(actor, new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
            }
        } else if (slash.command().equals("partner invite")) {
            slash.options().stream().filter(o -> o.name().equals("person")).findFirst().ifPresent(o -> invites.put(o.value(), actor));
        } else if (slash.command().equals("partner end") && option.isPresent()) {
            String other = option.get();
            String pair = pair(actor, other);
            if (!partnerships.remove(pair)) {
                return;
            }
            ended.put(pair, step);
            endNotices.put(other, actor);
            // Ending stops every flow between them at once: nothing open goes on, nothing owed is still said.
            checkins.values().stream().filter(c -> Set.copyOf(c.people).equals(Set.of(actor, other)) && c.bothSent < 0)
                    .forEach(c -> c.closed = true);
            owedClose.keySet().removeIf(k -> k.startsWith(actor + "|") && k.endsWith("|" + other)
                    || k.startsWith(other + "|") && k.endsWith("|" + actor));
        }
    }

    /** An invite's Accept clicked by the one invited makes them partners with whoever invited them last. */
    private void accepted(Act act) {
        if (act instanceof Act.Press press && invites.containsKey(press.actor()) && run.shown(press.source()).control(press.customId())
                .filter(c -> c.label().equals("Accept")).isPresent()) {
            partnerships.add(pair(press.actor(), invites.remove(press.actor())));
        }
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    private Optional<Integer> endedAt(String a, String b) {
        return Optional.ofNullable(ended.get(pair(a, b)));
    }

    /** A check-in closed unshared: each of its people is owed one notice saying only that. */
    private void closeUnshared(Checkin c) {
        c.closed = true;
        if (endedAt(c.people.get(0), c.people.get(1)).isEmpty()) {
            for (String person : c.people) {
                owedClose.computeIfAbsent(person + "|" + c.title + "|" + c.other(person), k -> new ArrayList<>())
                        .add(afterQuiet(person, now));
            }
        }
    }

    /**
     * A step where only time passed brings nothing to someone whose quiet hours hold now, unless
     * quiet hours of theirs ended while the clock jumped: what waited for that end is due then.
     */
    private void checkQuietHours(Instant before, List<Change> changes) {
        for (Change change : changes) {
            int[] quiet = quietHours.get(change.person());
            ZoneId zone = zone(change.person());
            if (quiet == null || !quiet(quiet, zone, now)) {
                continue;
            }
            boolean endedBetween = false;
            for (LocalDate d = before.atZone(zone).toLocalDate().minusDays(1); !d.isAfter(now.atZone(zone).toLocalDate());
                 d = d.plusDays(1)) {
                Instant end = d.atTime(quiet[1], 0).atZone(zone).toInstant();
                endedBetween |= end.isAfter(before) && !end.isAfter(now);
            }
            if (!endedBetween) {
                flag("quiet hours", change.person() + " was sent something scheduled at " + now + ", inside their quiet hours "
                        + quiet[0] + ":00-" + quiet[1] + ":00", change.shown());
            }
        }
    }

    /** {@code at}, or the end of {@code person}'s quiet hours that {@code at} falls in, on their own clock. */
    private Instant afterQuiet(String person, Instant at) {
        int[] hours = quietHours.get(person);
        ZoneId zone = zone(person);
        if (hours == null || !quiet(hours, zone, at)) {
            return at;
        }
        ZonedDateTime end = at.atZone(zone).toLocalDate().atTime(hours[1], 0).atZone(zone);
        return end.toInstant().isAfter(at) ? end.toInstant() : end.plusDays(1).toInstant();
    }

    private ZoneId zone(String person) {
        return zones.getOrDefault(person, ZoneOffset.UTC);
    }

    private static boolean quiet(int[] hours, ZoneId zone, Instant at) {
        int h = at.atZone(zone).getHour();
        return hours[0] < hours[1] ? h >= hours[0] && h < hours[1] : h >= hours[0] || h < hours[1];
    }

    /** At the end of a run whose clock went on long enough for every quiet hour to end: every close notice owed arrived. */
    void finish() {
        owedClose.forEach((key, owed) -> {
            if (!owed.isEmpty()) {
                String[] k = key.split("\\|");
                flag("rule 5 (never lost)", k[0] + " was never told that " + k[1] + " with " + k[2] + " closed (" + owed.size()
                        + " notice(s) missing)", "");
            }
        });
    }

    /** Whether the check-in {@code source} is about is still open for {@code person} to answer. */
    boolean live(String person, Shown source) {
        Reading r = Reading.of(source);
        return r.handle().isPresent() && Optional.ofNullable(checkins.get(r.handle().getAsLong()))
                .filter(c -> c.people.contains(person) && c.live(person)).isPresent();
    }

    /** Whether a close notice to {@code person} waits out their quiet hours, to go out when they next act. */
    boolean holding(String person) {
        return owedClose.entrySet().stream().anyMatch(e -> e.getKey().startsWith(person + "|")
                && e.getValue().stream().anyMatch(due -> due.isAfter(now)));
    }

    /** Whether {@code person} has paused the check-in {@code source} is about. */
    boolean paused(String person, Shown source) {
        Reading r = Reading.of(source);
        return r.handle().isPresent() && Optional.ofNullable(checkins.get(r.handle().getAsLong()))
                .filter(c -> c.people.contains(person) && c.parts.get(person).paused).isPresent();
    }

    /** Whether {@code person} has paused a check-in, and the message that shows the pause, if they were shown it. */
    Optional<Act.Seen> paused(String person) {
        return checkins.values().stream().filter(c -> c.people.contains(person) && c.live(person) && c.parts.get(person).paused)
                .map(c -> c.parts.get(person).pausedSeen).filter(java.util.Objects::nonNull).findFirst();
    }

    // ---- what people were shown

    /** Check-ins seen for the first time; a newer one of the same two people closes the older ones. */
    private void registerNew(List<Change> changes) {
        for (Change change : changes) {
            Reading r = Reading.of(change.shown());
            if (r.handle().isEmpty() || checkins.containsKey(r.handle().getAsLong())
                    || !(r.step() || r.kind() == Kind.WAITING)) {
                continue;
            }
            Checkin fresh = new Checkin(r.handle().getAsLong(), r.title(), List.of(change.person(), r.partner()), now);
            for (Checkin older : checkins.values()) {
                if (Set.copyOf(older.people).equals(Set.copyOf(fresh.people)) && older.bothSent < 0 && !older.closed) {
                    closeUnshared(older);
                }
            }
            checkins.put(fresh.handle, fresh);
        }
    }

    private void look(Change change) {
        Shown shown = change.shown();
        String to = change.person();
        if (shown.inServer() && !shown.ephemeral()) {
            flag("rule 6", "a message in the server channel that everyone there can read", shown);
        }
        Reading r = Reading.of(shown);
        boolean exactReveal = false;
        if (r.kind() != Kind.OTHER && endedAt(to, r.partner()).isPresent()) {
            flag("ending", "after " + to + " and " + r.partner() + " ended their partnership (step " + endedAt(to, r.partner()).get()
                    + "), something of theirs reached " + to + ": " + r.kind().name().toLowerCase(), shown);
        }
        if (endNotices.containsKey(to) && shown.content().contains(endNotices.get(to) + " ended your check-in partnership")) {
            endNotices.remove(to);
        }
        switch (r.kind()) {
            case QUESTION, REVIEW -> lookAtStep(change, r);
            case REVEAL -> exactReveal = lookAtReveal(to, r, shown);
            case CLOSED -> lookAtClose(to, r, shown);
            case PAUSED -> lookAtPause(change, r);
            case NEED -> lookAtNeed(to, r, shown);
            case WAITING -> r.handle().stream().mapToObj(checkins::get).filter(c -> c != null && !c.people.contains(to))
                    .forEach(c -> flag("rule 1", to + " was told that " + c + " waits for them", shown));
            default -> {
            }
        }
        Matcher m = TOKEN.matcher(shown.content());
        while (m.find()) {
            String writer = writers.get(m.group());
            if (writer == null) {
                flag("rule 7", "words nobody wrote (" + m.group() + ") reached " + to, shown);
            } else if (!writer.equals(to)) {
                seenByOthers.add(m.group());
                if (!exactReveal) {
                    flag("rule 7", writer + "'s words " + m.group() + " reached " + to + " outside a reveal of what both shared", shown);
                }
            }
        }
    }

    private void lookAtStep(Change change, Reading r) {
        String to = change.person();
        Shown shown = change.shown();
        Optional<Checkin> found = r.handle().isPresent() ? Optional.ofNullable(checkins.get(r.handle().getAsLong()))
                : checkins.values().stream().filter(c -> c.title.equals(r.title()) && c.people.contains(to)
                && c.other(to).equals(r.partner()) && c.live(to)).findFirst();
        if (found.isEmpty()) {
            flag("rule 7", to + " was shown a step of a check-in the model cannot place", shown);
            return;
        }
        Checkin c = found.get();
        if (!c.people.contains(to)) {
            flag("rule 1", to + " was shown a step of " + c, shown);
            return;
        }
        if (!c.title.equals(r.title()) || !c.other(to).equals(r.partner())) {
            flag("rule 7", "a step of " + c + " is titled " + r.title() + " with " + r.partner(), shown);
        }
        Part part = c.parts.get(to);
        At at = r.kind() == Kind.REVIEW ? At.REVIEW : At.question(r.question());
        String key = to + "|" + c.handle;
        if (c.closed) {
            flag("rule 5", c + " was shown to " + to + " at " + at + " after it closed", shown);
            return;
        }
        if (part.sent != null) {
            flag("rule 2", c + " was shown to " + to + " at " + at + " after they submitted it, as if it could still change", shown);
            return;
        }
        if (part.paused) {
            if (actors.contains(to)) {
                part.paused = false;
            } else {
                flag("pause", to + "'s paused " + c + " came back at " + at + " though they did nothing to pick it up", shown);
            }
        }
        for (Shown.Control control : shown.controls()) {
            if (control.label().startsWith("Send to ")) {
                if (!control.label().equals("Send to " + c.other(to) + " now")) {
                    flag("send now", to + " was offered to send a need of " + c + " to someone else: " + control.label(), shown);
                }
                Optional.ofNullable(givenNow.get(key)).ifPresent(n -> sendControls.putIfAbsent(control.customId(), n));
            }
        }
        if (!freshOn.contains(key) && part.at.known() && !part.at.equals(at)) {
            flag("nothing changes", to + "'s " + c + " moved from " + part.at + " to " + at
                    + " though nothing " + to + " did at this step was fresh there", shown);
        }
        if (r.kind() == Kind.QUESTION) {
            c.size = Math.max(c.size, r.size());
            c.prompts.putIfAbsent(r.question(), r.prompt());
            Optional<String> expected = Optional.ofNullable(part.answers.get(r.question())).flatMap(Given::shown);
            if (!expected.equals(r.soFar())) {
                flag("rule 7", to + "'s question " + r.question() + " of " + c + " shows " + r.soFar().orElse("no answer")
                        + " as their answer so far; they gave " + expected.orElse("none") + " there", shown);
            }
        } else {
            checkReview(to, c, part, r, shown);
        }
        if (!part.at.equals(at)) {
            part.showing.clear();
        }
        part.at = at;
        part.showing.add(change.seen());
        shownOn.add(key);
    }

    private void checkReview(String to, Checkin c, Part part, Reading r, Shown shown) {
        List<Item> items = r.items();
        c.size = Math.max(c.size, items.size());
        items.forEach(i -> c.prompts.putIfAbsent(i.number(), i.prompt()));
        List<String> differences = new ArrayList<>();
        for (int n = 1; n <= Math.max(c.size, items.size()); n++) {
            int number = n;
            Optional<Item> item = items.stream().filter(i -> i.number() == number).findFirst();
            Optional<String> expected = Optional.ofNullable(part.answers.get(n)).flatMap(Given::shown);
            boolean shared = expected.isPresent() && part.shared.getOrDefault(n, false);
            Optional<String> seen = item.flatMap(Item::answer);
            boolean seenShared = item.map(Item::shared).orElse(false);
            if (!expected.equals(seen) || shared != seenShared) {
                differences.add("item " + n + " shows " + seen.orElse("(skipped)") + (seenShared ? ", shared" : "")
                        + " where " + to + " gave " + expected.orElse("nothing") + (shared ? ", shared" : ""));
            }
        }
        if (!differences.isEmpty()) {
            flag("rule 7", to + "'s review of " + c + ": " + String.join("; ", differences), shown);
        }
    }

    /** Returns whether the reveal is exactly the one due. */
    private boolean lookAtReveal(String to, Reading r, Shown shown) {
        Optional<Checkin> due = checkins.values().stream().filter(c -> c.title.equals(r.title()) && c.people.contains(to)
                && c.other(to).equals(r.partner()) && c.bothSent >= 0 && !c.parts.get(to).revealed).findFirst();
        if (due.isEmpty()) {
            flag("rule 3", to + " got a reveal of " + r.title() + " with " + r.partner() + " that is not due: not both submitted it", shown);
            return false;
        }
        Checkin c = due.get();
        c.parts.get(to).revealed = true;
        List<String> expected = expectedReveal(c, to);
        if (!expected.equals(r.revealed())) {
            flag("rules 3, 4", "the reveal of " + c + " to " + to + " differs from what both reviews held at submit; expected "
                    + expected, shown);
            return false;
        }
        return true;
    }

    private List<String> expectedReveal(Checkin c, String to) {
        String partner = c.other(to);
        Sent mine = c.parts.get(to).sent;
        Sent theirs = c.parts.get(partner).sent;
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= c.size; n++) {
            Given a = mine.answers().get(n);
            Given b = theirs.answers().get(n);
            if (a != null && b != null && a.answered() && b.answered() && mine.shared().getOrDefault(n, false)
                    && theirs.shared().getOrDefault(n, false)) {
                lines.add(c.prompts.getOrDefault(n, "?"));
                lines.add("> You: " + a.shown().orElseThrow());
                lines.add("> " + partner + ": " + b.shown().orElseThrow());
                revealedActs.add(a.act());
                revealedActs.add(b.act());
            }
        }
        return lines.isEmpty() ? List.of(NOTHING_SHARED) : lines;
    }

    private void lookAtClose(String to, Reading r, Shown shown) {
        String key = to + "|" + r.title() + "|" + r.partner();
        List<Instant> owed = owedClose.getOrDefault(key, new ArrayList<>());
        if (!owed.isEmpty()) {
            Instant due = owed.remove(0);
            // Someone who speaks to the bot is awake: what waited for their quiet hours comes with the answer.
            if (now.isBefore(due) && !actors.contains(to)) {
                flag("quiet hours", to + " was told " + r.title() + " with " + r.partner() + " closed at " + now
                        + ", inside their quiet hours, which end at " + due, shown);
            }
        } else {
            flag("rule 5", to + " was told " + r.title() + " with " + r.partner() + " closed, a notice nobody owed them"
                    + " (once more, or for a check-in not theirs, or after their partnership ended)", shown);
        }
        boolean open = checkins.values().stream().anyMatch(c -> c.title.equals(r.title()) && c.people.contains(to)
                && c.other(to).equals(r.partner()) && !c.closed && c.bothSent < 0);
        boolean closed = checkins.values().stream().anyMatch(c -> c.title.equals(r.title()) && c.people.contains(to)
                && c.other(to).equals(r.partner()) && c.closed);
        if (open && !closed) {
            flag("rule 5", to + " was told " + r.title() + " with " + r.partner() + " closed, though it has not expired"
                    + " and no newer one started", shown);
        }
    }

    private void lookAtPause(Change change, Reading r) {
        String to = change.person();
        Checkin c = r.handle().isPresent() ? checkins.get(r.handle().getAsLong()) : null;
        if (c == null || !c.people.contains(to)) {
            flag("rule 1", to + " was shown the pause of a check-in that is not theirs", change.shown());
            return;
        }
        Part part = c.parts.get(to);
        if (!c.live(to)) {
            flag("rule 5", c + " was shown to " + to + " as paused after it closed or was sent", change.shown());
        } else if (!part.paused && !pausedDuring.contains(to + "|" + c.handle)) {
            flag("pause", c + " was shown to " + to + " as paused though they did not pause it, or picked it up", change.shown());
        }
        part.pausedSeen = change.seen();
        shownOn.add(to + "|" + c.handle);
    }

    /** A need reaches only the partner it was sent to, only when sent, only as the sender holds it, only in a DM. */
    private void lookAtNeed(String to, Reading r, Shown shown) {
        if (shown.inServer()) {
            flag("rule 6", "a need was shown in the server channel", shown);
        }
        Optional<Need> due = needs.stream().filter(n -> n.to().equals(to) && n.from().equals(r.partner())
                && n.words().equals(r.need())).findFirst();
        if (due.isPresent()) {
            needs.remove(due.get());
        } else {
            flag("send now", to + " got a need from " + r.partner() + " (" + r.need() + ") that " + r.partner()
                    + " did not send them at once, or sent otherwise, or sent already", shown);
        }
    }

    // ---- replies

    private void checkReply(Judged j, List<Shown> replies) {
        boolean refused = replies.stream().anyMatch(s -> s.content().contains(j.refusedIn()));
        String actor = j.act().actor();
        if (j.refusal() && !refused) {
            flag(j.verdict() == Verdict.FRESH ? "rule 2" : "nothing changes", "no reply told " + actor + " that nothing changed ("
                    + j.verdict().name().toLowerCase() + " " + describe(j.meaning()) + ")", replies.stream().map(Shown::content)
                    .collect(Collectors.joining("\n---\n")));
        }
        if (!j.refusal() && refused) {
            flag("rule 7 (never lost)", actor + "'s " + describe(j.meaning()) + ", made at the step on their screen, was refused",
                    replies.stream().map(Shown::content).collect(Collectors.joining("\n---\n")));
        }
        boolean moves = j.meaning() instanceof Reading.Give || j.meaning() instanceof Reading.Skip
                || j.meaning() instanceof Reading.Back || j.meaning() instanceof Reading.Change;
        // Pausing or picking up shows the change; stopping what is paused, or resuming what is not, may show the same again.
        boolean shows = moves || j.pauses() || j.verdict() == Verdict.RESUMED;
        if ((j.verdict() == Verdict.FRESH && !j.refusal() || j.verdict() == Verdict.RESUMED) && shows
                && !shownOn.contains(actor + "|" + j.handle()) && !(j.pauses() && alreadyShown(j))) {
            flag("rule 7 (never lost)", actor + "'s " + describe(j.meaning()) + " on check-in #" + j.handle()
                    + " showed them no next step", "");
        }
    }

    /**
     * Whether the message clicked already shows, word for word, what pausing or picking up shows:
     * the bot then edits it into what it is, which nobody can see.
     */
    private boolean alreadyShown(Judged j) {
        if (!(j.act() instanceof Act.Press press)) {
            return false;
        }
        Reading r = Reading.of(run.inbox(press.actor()).latest(press.carrier()));
        Checkin c = checkins.get(j.handle());
        if (c == null || r.handle().isEmpty() || r.handle().getAsLong() != j.handle()) {
            return false;
        }
        Part part = c.parts.get(press.actor());
        At at = r.kind() == Kind.REVIEW ? At.REVIEW : At.question(r.question());
        return part.paused ? r.kind() == Kind.PAUSED : r.step() && part.current().equals(at);
    }

    /** A step of nothing but stale, foreign and repeated acts edits nothing and shows nothing to anyone but the actor. */
    private void checkQuietStep(List<Act> performed, List<Judged> judged, List<Change> changes) {
        Set<Integer> unheeded = judged.stream().filter(j -> j.verdict() == Verdict.STALE || j.verdict() == Verdict.FOREIGN)
                .map(j -> j.act().id())
                .collect(Collectors.toSet());
        boolean acting = performed.stream().anyMatch(a -> !(a instanceof Act.Redeliver || a instanceof Act.OpenForm
                || unheeded.contains(a.id())));
        if (acting) {
            return;
        }
        Set<String> actors = performed.stream().map(Act::actor).collect(Collectors.toSet());
        boolean again = performed.stream().allMatch(a -> a instanceof Act.Redeliver);
        for (Change change : changes) {
            if (again) {
                flag("nothing changes", "an interaction delivered again showed " + change.person() + " something", change.shown());
            } else if (!change.created()) {
                flag("nothing changes", change.person() + "'s message #" + change.ordinal()
                        + " was edited by a stale or foreign act", change.shown());
            } else if (!actors.contains(change.person())) {
                flag("nothing changes", change.person() + " was shown something after someone else's stale or foreign act",
                        change.shown());
            }
        }
    }

    // ---- what the generator and the non-interference check ask

    /** Whether {@code source}'s step is the one {@code person} has on their screen in a check-in they take part in. */
    boolean onScreen(String person, Shown source) {
        Reading r = Reading.of(source);
        if (!r.step() || r.handle().isEmpty()) {
            return false;
        }
        Checkin c = checkins.get(r.handle().getAsLong());
        if (c == null || !c.people.contains(person) || !c.live(person)) {
            return false;
        }
        At at = r.kind() == Kind.REVIEW ? At.REVIEW : At.question(r.question());
        return c.parts.get(person).current().equals(at);
    }

    /** Whether {@code person} takes part in the check-in {@code source} is about. */
    boolean takesPart(String person, Shown source) {
        Reading r = Reading.of(source);
        return r.handle().isPresent() && Optional.ofNullable(checkins.get(r.handle().getAsLong()))
                .filter(c -> c.people.contains(person)).isPresent();
    }

    /** For each check-in {@code person} has open with a step on screen: the states showing that step, newest last. */
    List<List<Act.Seen>> steps(String person) {
        List<List<Act.Seen>> steps = new ArrayList<>();
        for (Checkin c : checkins.values()) {
            if (c.people.contains(person) && c.live(person) && c.parts.get(person).at.known()) {
                steps.add(List.copyOf(c.parts.get(person).showing));
            }
        }
        return steps;
    }

    /** Check-ins {@code person} still has to answer and submit, each named by its partner. */
    List<String> unfinished(String person) {
        return checkins.values().stream().filter(c -> c.people.contains(person) && c.live(person)).map(c -> c.other(person)).toList();
    }

    Optional<Verdict> verdict(int act) {
        return Optional.ofNullable(verdicts.get(act));
    }

    Optional<Meaning> meaning(int act) {
        return Optional.ofNullable(meanings.get(act));
    }

    /** Whether the answer given by act {@code act} was shown to a partner in a reveal. */
    boolean revealed(int act) {
        return revealedActs.contains(act);
    }

    boolean seenByOthers(String token) {
        return seenByOthers.contains(token);
    }

    /**
     * {@code person}'s fresh submits, each with the items they answered whose answer the partner
     * did not also share: a choice there is theirs alone.
     */
    Map<Sent, List<Integer>> privateItems(String person) {
        Map<Sent, List<Integer>> found = new LinkedHashMap<>();
        for (Checkin c : checkins.values()) {
            Part mine = c.parts.get(person);
            if (mine == null || mine.sent == null || mine.sent.source() == null) {
                continue;
            }
            Sent theirs = c.parts.get(c.other(person)).sent;
            List<Integer> items = new ArrayList<>();
            mine.sent.answers().forEach((n, given) -> {
                boolean theyShared = theirs != null && theirs.answers().containsKey(n) && theirs.answers().get(n).answered()
                        && theirs.shared().getOrDefault(n, false);
                if (given.answered() && !theyShared) {
                    items.add(n);
                }
            });
            if (!items.isEmpty()) {
                found.put(mine.sent, items);
            }
        }
        return found;
    }

    private static String describe(Meaning meaning) {
        return meaning.toString().replaceAll("^(\\w+)\\[", "$1 [").toLowerCase();
    }

    private void flag(String rule, String detail, Shown shown) {
        flag(rule, detail, (shown.inServer() ? "[server" + (shown.ephemeral() ? ", only you] " : "] ") : "") + shown.content());
    }

    private void flag(String rule, String detail, String message) {
        violations.add(new Violation(step, acts, rule, detail, message));
    }
}
