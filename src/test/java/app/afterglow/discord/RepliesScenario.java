package app.afterglow.discord;

import app.afterglow.discord.Reading.Kind;
import app.afterglow.discord.RepliesRun.Inbox;
import app.afterglow.discord.RepliesRun.Observed;
import app.afterglow.discord.Shown.Control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One randomised run on Discord. Two to five people: a couple, or a triad (one person partnered
 * with two others) and whoever else pairs with one of them. Then steps that are mostly fresh
 * answers through the controls on screen, and otherwise what clients and people really send: a
 * click or form on an older message, a control copied from someone else's message, a click in
 * the server channel, the same interaction delivered twice, several interactions at once, new
 * check-ins and time passing; "send now" of a need (fresh, from an older message, copied), pausing
 * and picking up again, quiet hours for some (some in a time zone of their own), and once a run a
 * partnership ending while check-ins are open, after which its older messages are still clicked. At the end everyone finishes what is
 * open and three days pass. Every step is written down, so a run replays verbatim ({@link #replay}).
 */
final class RepliesScenario {
    private static final List<String> NAMES = List.of("ana", "ben", "cleo", "dev", "esme");
    private static final List<String> KINDS = List.of("before", "after", "followup");
    /** Quiet hours are the person's own wall clock: zones a whole, half or three quarters of an hour off, with and without DST. */
    private static final List<String> ZONES = List.of("Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu",
            "Pacific/Chatham", "Australia/Lord_Howe", "America/Los_Angeles", "Europe/Berlin", "Pacific/Kiritimati");
    /**
     * Moments a day or two before daylight-saving changes of those zones in 2027: Los Angeles and
     * St John's spring forward on 14 March, Berlin on 28 March, Chatham and Lord Howe (by half an
     * hour) fall back on 4 April; Berlin falls back on 31 October, Los Angeles on 7 November.
     */
    private static final List<Instant> DST_EVES = List.of(Instant.parse("2027-03-13T06:00:00Z"),
            Instant.parse("2027-03-26T18:00:00Z"), Instant.parse("2027-04-02T12:00:00Z"),
            Instant.parse("2027-10-29T18:00:00Z"), Instant.parse("2027-11-05T18:00:00Z"));
    private static final int[] HOURS = {1, 3, 9, 13, 21, 25, 49};
    private static final Duration REDELIVERY = Duration.ofHours(24);
    private static final int STEPS = 80;
    private static final int FINISHING = 90;

    /** A run: its people, the steps it performed, what each person was shown, and the oracle's verdicts. */
    record Result(long seed, List<String> people, List<List<Act>> script, Map<String, Inbox> inboxes, RepliesOracle oracle,
                  List<String> annotated) {
        List<RepliesOracle.Violation> violations() {
            return oracle.violations();
        }
    }

    private final Random random;
    private final List<String> people;
    private final RepliesRun run;
    private final RepliesOracle oracle;
    private final List<List<Act>> script = new ArrayList<>();
    private final List<String> annotated = new ArrayList<>();
    private final Map<String, Set<String>> partners = new LinkedHashMap<>();
    private final Map<Integer, Instant> sentAt = new LinkedHashMap<>();
    private final Map<String, List<Act.OpenForm>> held = new HashMap<>();
    private final List<Act.OpenForm> forms = new ArrayList<>();
    private int ids;
    private int tokens;
    private boolean endedOne;

    private RepliesScenario(Random random, List<String> people, RepliesRun run) {
        this.random = random;
        this.people = people;
        this.run = run;
        this.oracle = new RepliesOracle(run);
        people.forEach(p -> partners.put(p, new TreeSet<>()));
    }

    static Result generate(long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>(NAMES);
        Collections.shuffle(names, random);
        List<String> people = List.copyOf(names.subList(0, 2 + random.nextInt(4)));
        try (RepliesRun run = new RepliesRun(people)) {
            RepliesScenario s = new RepliesScenario(random, people, run);
            s.meet();
            for (int i = 0; i < STEPS; i++) {
                s.perform(s.next());
            }
            s.finish();
            return s.result(seed);
        }
    }

    /** Performs {@code script} verbatim in a fresh bot, judged by a fresh oracle. */
    static Result replay(long seed, List<String> people, List<List<Act>> script) {
        try (RepliesRun run = new RepliesRun(people)) {
            RepliesScenario s = new RepliesScenario(new Random(seed), people, run);
            script.forEach(s::perform);
            return s.result(seed);
        }
    }

    private Result result(long seed) {
        oracle.finish();
        return new Result(seed, people, List.copyOf(script), run.inboxes(), oracle, List.copyOf(annotated));
    }

    private void perform(List<Act> acts) {
        int index = script.size();
        script.add(List.copyOf(acts));
        acts.stream().filter(a -> !(a instanceof Act.Redeliver || a instanceof Act.Wait || a instanceof Act.OpenForm))
                .forEach(a -> sentAt.put(a.id(), oracle.now()));
        Observed observed = run.perform(acts);
        oracle.step(index, acts, observed);
        annotated.add("# step " + index + " — " + acts.stream().map(Object::toString).collect(Collectors.joining("; ")));
        observed.changes().forEach(c -> annotated.add("  [to " + c.person() + "] #" + c.ordinal() + "v" + c.version() + " "
                + c.shown().line()));
        for (Act act : acts) {
            if (act instanceof Act.OpenForm open) {
                forms.add(open);
            }
        }
    }

    // ---- the people meet

    /** Everyone says hello in the server (so each has a message there to click from), then the couples and a triad form. */
    private void meet() {
        if (random.nextBoolean()) {
            // A day or so before a daylight-saving change in some of ZONES: quiet hours then span a night 23 or 25 hours long.
            Instant eve = DST_EVES.get(random.nextInt(DST_EVES.size()));
            perform(List.of(new Act.Wait(++ids, (int) Duration.between(oracle.now(), eve).toHours())));
        }
        for (String person : people) {
            perform(List.of(new Act.Slash(++ids, person, true, "help", List.of())));
        }
        List<List<String>> pairs = new ArrayList<>();
        pairs.add(List.of(people.get(0), people.get(1)));
        if (people.size() > 2) {
            pairs.add(List.of(people.get(0), people.get(2)));
        }
        for (int i = 3; i < people.size(); i++) {
            pairs.add(List.of(people.get(i), people.get(random.nextInt(i))));
        }
        for (List<String> pair : pairs) {
            String inviter = pair.get(0);
            String invitee = pair.get(1);
            perform(List.of(new Act.Slash(++ids, inviter, true, "partner invite", List.of(new Act.Option("person", invitee, true)))));
            Inbox inbox = run.inbox(invitee);
            for (int i = inbox.size() - 1; i >= 0; i--) {
                Shown invite = inbox.latest(i);
                Optional<Control> accept = invite.button("Accept");
                if (accept.isPresent()) {
                    Act.Seen seen = new Act.Seen(invitee, i, inbox.versions(i) - 1);
                    perform(List.of(new Act.Press(++ids, invitee, i, seen, accept.get().customId())));
                    break;
                }
            }
            partners.get(inviter).add(invitee);
            partners.get(invitee).add(inviter);
        }
        // Quiet hours for some (in a time zone of their own for about half of them), never for both of a pair: a follow-up held for both would close their
        // older check-in with nobody shown anything, which no model of what people see can follow.
        List<String> order = new ArrayList<>(people);
        Collections.shuffle(order, random);
        Set<String> quiet = new TreeSet<>();
        for (String person : order) {
            if (random.nextInt(100) < 50 && partners.get(person).stream().noneMatch(quiet::contains)) {
                quiet.add(person);
                int start = random.nextInt(24);
                int end = (start + 8 + random.nextInt(7)) % 24;
                List<Act.Option> options = new ArrayList<>();
                options.add(new Act.Option("quiet", String.format("%02d:00-%02d:00", start, end), false));
                if (random.nextBoolean()) {
                    options.add(new Act.Option("timezone", ZONES.get(random.nextInt(ZONES.size())), false));
                }
                perform(List.of(new Act.Slash(++ids, person, random.nextBoolean(), "settings", options)));
            }
        }
    }

    // ---- the random steps

    private List<Act> next() {
        int flow = random.nextInt(100);
        // A need is sendable only right after its question, so when one is on a screen it is mostly sent.
        Optional<List<Act>> special = flow < 6 || flow < 25 && !liveSends().isEmpty() ? sendNow()
                : flow >= 25 && flow < 28 ? stop() : flow >= 28 && flow < 32 ? resume()
                : flow >= 32 && flow < 35 && script.size() > 30 && !endedOne ? end() : Optional.empty();
        if (special.isPresent()) {
            return special.get();
        }
        List<String> busy = people.stream().filter(p -> !oracle.steps(p).isEmpty()).toList();
        int roll = random.nextInt(100);
        if (busy.isEmpty()) {
            return roll < 75 ? start() : List.of(new Act.Wait(++ids, HOURS[random.nextInt(HOURS.length)]));
        }
        String who = pick(busy);
        if (roll < 36) {
            return fresh(who, pick(oracle.steps(who)), random.nextInt(100) < 15);
        }
        if (roll < 46) {
            return burst(busy);
        }
        if (roll < 60) {
            return stale(pick(people)).orElseGet(() -> fresh(who, pick(oracle.steps(who)), false));
        }
        if (roll < 72) {
            return foreign().orElseGet(() -> fresh(who, pick(oracle.steps(who)), false));
        }
        if (roll < 78) {
            return redeliver().orElseGet(() -> fresh(who, pick(oracle.steps(who)), false));
        }
        if (roll < 83) {
            return hold(who).orElseGet(() -> fresh(who, pick(oracle.steps(who)), false));
        }
        if (roll < 91) {
            return start();
        }
        if (roll < 93 && people.stream().anyMatch(p -> !partners.get(p).isEmpty())) {
            String person = pick(people.stream().filter(p -> !partners.get(p).isEmpty()).toList());
            List<Act.Option> options = new ArrayList<>(List.of(new Act.Option("kind", "resume", false)));
            if (random.nextBoolean()) {
                options.add(new Act.Option("partner", pick(List.copyOf(partners.get(person))), true));
            }
            return List.of(new Act.Slash(++ids, person, random.nextBoolean(), "checkin", options));
        }
        return List.of(new Act.Wait(++ids, HOURS[random.nextInt(HOURS.length)]));
    }

    private List<Act> start() {
        List<String> paired = people.stream().filter(p -> !partners.get(p).isEmpty()).toList();
        if (paired.isEmpty()) {
            return List.of(new Act.Wait(++ids, HOURS[random.nextInt(HOURS.length)]));
        }
        String who = pick(paired);
        List<String> mine = List.copyOf(partners.get(who));
        String partner = pick(mine);
        List<Act.Option> options = new ArrayList<>();
        int roll = random.nextInt(100);
        String command = roll < 55 ? "checkin" : roll < 75 ? "session start" : "session end";
        if (command.equals("checkin")) {
            options.add(new Act.Option("kind", pick(KINDS), false));
        }
        if (mine.size() > 1 || random.nextBoolean()) {
            options.add(new Act.Option("partner", partner, true));
        }
        return List.of(new Act.Slash(++ids, who, random.nextInt(100) < 40, command, options));
    }

    /** A fresh act on the step {@code showing} puts on {@code who}'s screen; from the server channel when {@code fromServer}. */
    private List<Act> fresh(String who, List<Act.Seen> showing, boolean fromServer) {
        Act.Seen seen = showing.get(showing.size() - 1 - random.nextInt(Math.min(2, showing.size())));
        Shown shown = run.shown(seen);
        Reading r = Reading.of(shown);
        int carrier = fromServer ? serverMessage(who).orElse(seen.ordinal()) : seen.ordinal();
        if (r.kind() == Kind.REVIEW) {
            return List.of(review(who, seen, shown, carrier));
        }
        int roll = random.nextInt(100);
        if (roll < 82) {
            return answer(who, seen, shown, carrier, fromServer);
        }
        Optional<Control> back = shown.button("Back");
        Control control = roll < 95 || back.isEmpty() ? shown.button("Skip").orElseThrow() : back.get();
        return List.of(new Act.Press(++ids, who, carrier, seen, control.customId()));
    }

    private List<Act> answer(String who, Act.Seen seen, Shown shown, int carrier, boolean fromServer) {
        Optional<Control> form = shown.button("Answer");
        if (form.isPresent()) {
            Act.OpenForm open = new Act.OpenForm(++ids, who, seen, form.get().customId());
            return List.of(open, new Act.SendForm(++ids, who, fromServer ? OptionalInt.empty() : OptionalInt.of(seen.ordinal()),
                    open.id(), token()));
        }
        Optional<Control> menu = shown.controls().stream().filter(Control::menu).findFirst();
        if (menu.isPresent()) {
            return List.of(new Act.Pick(++ids, who, carrier, seen, menu.get().customId(), values(menu.get())));
        }
        List<Control> buttons = answerButtons(shown);
        return List.of(new Act.Press(++ids, who, carrier, seen, pick(buttons).customId()));
    }

    private Act review(String who, Act.Seen seen, Shown shown, int carrier) {
        int roll = random.nextInt(100);
        List<Control> toggles = shown.controls().stream()
                .filter(c -> !c.menu() && c.label().matches("Share \\d+|Keep \\d+ private")).toList();
        List<Control> changes = shown.controls().stream().filter(c -> c.menu() || c.label().matches("Change \\d+")).toList();
        if (roll < 35 && !toggles.isEmpty()) {
            return new Act.Press(++ids, who, carrier, seen, pick(toggles).customId());
        }
        if (roll < 47 && !changes.isEmpty()) {
            Control change = pick(changes);
            return change.menu() ? new Act.Pick(++ids, who, carrier, seen, change.customId(), List.of(pick(change.choices()).value()))
                    : new Act.Press(++ids, who, carrier, seen, change.customId());
        }
        String label = roll < 62 ? "Share all" : roll < 70 ? "Keep all private" : "Submit";
        return new Act.Press(++ids, who, carrier, seen, shown.button(label).orElseThrow().customId());
    }

    /**
     * Several people (or one person in two check-ins) answering at once, and now and then a double
     * click. Never on a paused check-in: two answers refused together each bring a refusal and the
     * pause again, whose order Discord does not keep, so the transcripts compared could differ in it.
     * Nor by someone a close notice waits for: their first act releases it, and it goes out beside
     * the replies to the others in no fixed order.
     */
    private List<Act> burst(List<String> busy) {
        List<Act> acts = new ArrayList<>();
        for (String who : busy.stream().filter(p -> !oracle.holding(p)).toList()) {
            for (List<Act.Seen> showing : oracle.steps(who)) {
                Act.Seen seen = showing.get(showing.size() - 1);
                Shown shown = run.shown(seen);
                if (acts.size() < 4 && Reading.of(shown).kind() == Kind.QUESTION && !oracle.paused(who, shown)
                        && random.nextInt(100) < 70) {
                    acts.addAll(answer(who, seen, shown, seen.ordinal(), false));
                }
            }
        }
        if (acts.isEmpty()) {
            String who = pick(busy);
            return fresh(who, pick(oracle.steps(who)), false);
        }
        if (random.nextInt(100) < 40 && !(acts.get(0) instanceof Act.OpenForm)) {
            Act first = acts.get(0);
            Act.Seen seen = first instanceof Act.Press p ? p.source() : ((Act.Pick) first).source();
            Shown shown = run.shown(seen);
            List<Control> again = new ArrayList<>(answerButtons(shown));
            shown.button("Skip").ifPresent(again::add);
            if (!again.isEmpty()) {
                acts.add(1, new Act.Press(++ids, first.actor(), seen.ordinal(), seen, pick(again).customId()));
            }
        }
        return acts;
    }

    /** Something from an older screen of {@code who}'s own: a step passed, a check-in sent or closed; or a form held open. */
    private Optional<List<Act>> stale(String who) {
        List<Act.OpenForm> mine = held.getOrDefault(who, new ArrayList<>());
        if (!mine.isEmpty() && random.nextBoolean()) {
            // The oldest form first, mostly: one opened before others were, sent after them.
            Act.OpenForm open = mine.remove(random.nextInt(100) < 60 ? 0 : random.nextInt(mine.size()));
            boolean fromServer = random.nextInt(100) < 20;
            return Optional.of(List.of(new Act.SendForm(++ids, who, fromServer ? OptionalInt.empty()
                    : OptionalInt.of(open.source().ordinal()), open.id(), token())));
        }
        Inbox inbox = run.inbox(who);
        List<Act.Seen> old = new ArrayList<>();
        for (int i = 0; i < inbox.size(); i++) {
            for (int v = 0; v < inbox.versions(i); v++) {
                Shown s = inbox.state(i, v);
                if (Reading.of(s).step() && !usable(s).isEmpty() && !oracle.onScreen(who, s)) {
                    old.add(new Act.Seen(who, i, v));
                }
            }
        }
        if (old.isEmpty()) {
            return Optional.empty();
        }
        Act.Seen seen = pick(old);
        Shown shown = run.shown(seen);
        Control control = pick(usable(shown));
        if (control.label().equals("Answer")) {
            Act.OpenForm open = new Act.OpenForm(++ids, who, seen, control.customId());
            return Optional.of(List.of(open, new Act.SendForm(++ids, who, OptionalInt.of(seen.ordinal()), open.id(), token())));
        }
        return Optional.of(List.of(use(who, seen.ordinal(), seen, control)));
    }

    /** A control copied from someone else's message, sent from the actor's own DM or from the server channel. */
    private Optional<List<Act>> foreign() {
        String who = pick(people);
        List<String> others = people.stream().filter(p -> !p.equals(who)).toList();
        String owner = pick(others);
        Inbox theirs = run.inbox(owner);
        List<Act.Seen> steps = new ArrayList<>();
        for (int i = 0; i < theirs.size(); i++) {
            for (int v = 0; v < theirs.versions(i); v++) {
                if (Reading.of(theirs.state(i, v)).step() && !usable(theirs.state(i, v)).isEmpty()) {
                    steps.add(new Act.Seen(owner, i, v));
                }
            }
        }
        // Mostly a control of a step on the owner's screen now, in a check-in the actor has no part in:
        // the copy that would do harm if it were taken for the owner's.
        List<Act.Seen> live = oracle.steps(owner).stream().flatMap(List::stream)
                .filter(seen -> !oracle.takesPart(who, run.shown(seen))).toList();
        Inbox mine = run.inbox(who);
        if (steps.isEmpty() || mine.size() == 0) {
            return Optional.empty();
        }
        int carrier = random.nextInt(100) < 30 ? serverMessage(who).orElse(mine.size() - 1) : mine.size() - 1;
        List<Act.OpenForm> copied = forms.stream().filter(f -> f.actor().equals(owner)).toList();
        List<Act.OpenForm> open = copied.stream().filter(f -> oracle.onScreen(owner, run.shown(f.source()))).toList();
        if (!copied.isEmpty() && random.nextInt(100) < 35) {
            boolean fromServer = random.nextBoolean();
            return Optional.of(List.of(new Act.SendForm(++ids, who, fromServer ? OptionalInt.empty() : OptionalInt.of(mine.size() - 1),
                    pick(!open.isEmpty() && random.nextInt(100) < 60 ? open : copied).id(), token())));
        }
        Act.Seen seen = pick(!live.isEmpty() && random.nextInt(100) < 60 ? live : steps);
        List<Control> controls = usable(run.shown(seen)).stream().filter(c -> !c.label().equals("Answer")).toList();
        if (controls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(List.of(use(who, carrier, seen, pick(controls))));
    }

    /** Discord delivering an interaction again: one just sent, or one from earlier the same day. */
    private Optional<List<Act>> redeliver() {
        Instant now = oracle.now();
        List<Integer> recent = sentAt.entrySet().stream().filter(e -> now.isBefore(e.getValue().plus(REDELIVERY)))
                .map(Map.Entry::getKey).toList();
        if (recent.isEmpty()) {
            return Optional.empty();
        }
        // Half the time one that no step check would stop if it were handled twice: a command, or a
        // review's share, change or submit; else one just sent, or one from earlier out of order.
        List<Integer> unbound = recent.stream().filter(id -> oracle.verdict(id).isEmpty() || oracle.meaning(id)
                .filter(m -> m instanceof Reading.Share || m instanceof Reading.ShareAll || m instanceof Reading.Change
                        || m instanceof Reading.Submit).isPresent()).toList();
        List<Integer> from = !unbound.isEmpty() && random.nextBoolean() ? unbound
                : random.nextInt(100) < 70 ? recent.subList(Math.max(0, recent.size() - 8), recent.size()) : recent;
        return Optional.of(List.of(new Act.Redeliver(++ids, pick(from))));
    }

    /** Opens the answer form of a question on screen and leaves it open, to send it later. */
    private Optional<List<Act>> hold(String who) {
        List<List<Act.Seen>> steps = new ArrayList<>(oracle.steps(who));
        Collections.shuffle(steps, random);
        for (List<Act.Seen> showing : steps) {
            Act.Seen seen = showing.get(showing.size() - 1);
            Optional<Control> form = run.shown(seen).button("Answer");
            if (form.isPresent()) {
                Act.OpenForm open = new Act.OpenForm(++ids, who, seen, form.get().customId());
                held.computeIfAbsent(who, k -> new ArrayList<>()).add(open);
                return Optional.of(List.of(open));
            }
        }
        return Optional.empty();
    }

    // ---- stop, resume, send now, the end of a partnership

    /**
     * A "Send to … now": mostly the one on a screen now, else one from an older message of the
     * sender's (sent already, or its check-in since sent, closed or ended), else one copied from
     * someone else's message.
     */
    private Optional<List<Act>> sendNow() {
        List<Act.Seen> live = liveSends();
        List<Act.Seen> older = new ArrayList<>();
        List<Act.Seen> any = new ArrayList<>();
        for (String person : people) {
            Inbox inbox = run.inbox(person);
            for (int i = 0; i < inbox.size(); i++) {
                for (int v = 0; v < inbox.versions(i); v++) {
                    if (sendButton(inbox.state(i, v)).isPresent()) {
                        any.add(new Act.Seen(person, i, v));
                        if (oracle.live(person, inbox.state(i, v))) {
                            older.add(new Act.Seen(person, i, v));
                        }
                    }
                }
            }
        }
        int roll = random.nextInt(100);
        if (!live.isEmpty() && (roll < 50 || any.isEmpty())) {
            Act.Seen seen = pick(live);
            String control = sendButton(run.shown(seen)).orElseThrow().customId();
            List<Act> acts = new ArrayList<>(List.of(new Act.Press(++ids, seen.person(), seen.ordinal(), seen, control)));
            // A double click: the need goes once, however quickly the second follows. Not on a paused
            // check-in: the first click picks it up and the second sends, and their two answers edit the
            // same message in no fixed order.
            if (random.nextBoolean() && !oracle.paused(seen.person(), run.shown(seen))) {
                acts.add(new Act.Press(++ids, seen.person(), seen.ordinal(), seen, control));
            }
            return Optional.of(acts);
        }
        if (any.isEmpty()) {
            return Optional.empty();
        }
        // From an older message: of a check-in still open for its sender (sent already, or changed since), or any.
        Act.Seen seen = pick(roll < 75 && !older.isEmpty() ? older : any);
        String control = sendButton(run.shown(seen)).orElseThrow().customId();
        if (roll < 90) {
            return Optional.of(List.of(new Act.Press(++ids, seen.person(), seen.ordinal(), seen, control)));
        }
        String who = pick(people.stream().filter(p -> !p.equals(seen.person()) && run.inbox(p).size() > 0).toList());
        return Optional.of(List.of(new Act.Press(++ids, who, run.inbox(who).size() - 1, seen, control)));
    }

    /** "Stop for now" on a step on someone's screen, or now and then on an older message of theirs. */
    private Optional<List<Act>> stop() {
        List<String> busy = people.stream().filter(p -> !oracle.steps(p).isEmpty()).toList();
        if (busy.isEmpty()) {
            return Optional.empty();
        }
        String who = pick(busy);
        List<Act.Seen> showing = pick(oracle.steps(who));
        Act.Seen seen = random.nextInt(100) < 80 ? showing.get(showing.size() - 1) : pick(showing);
        return run.shown(seen).button("Stop for now").map(c -> List.of(new Act.Press(++ids, who, seen.ordinal(), seen, c.customId())));
    }

    /**
     * Someone with a check-in paused picks it up: its Resume button, {@code /checkin resume}, or a
     * button from before the pause; or a Resume button from an older pause is clicked again.
     */
    private Optional<List<Act>> resume() {
        List<String> paused = people.stream().filter(p -> oracle.paused(p).isPresent()).toList();
        int roll = random.nextInt(100);
        if (paused.isEmpty() || roll >= 85) {
            List<Act.Seen> resumes = new ArrayList<>();
            for (String person : people) {
                Inbox inbox = run.inbox(person);
                for (int i = 0; i < inbox.size(); i++) {
                    for (int v = 0; v < inbox.versions(i); v++) {
                        if (inbox.state(i, v).button("Resume").isPresent()) {
                            resumes.add(new Act.Seen(person, i, v));
                        }
                    }
                }
            }
            if (resumes.isEmpty()) {
                return Optional.empty();
            }
            Act.Seen seen = pick(resumes);
            return Optional.of(List.of(new Act.Press(++ids, seen.person(), seen.ordinal(), seen,
                    run.shown(seen).button("Resume").orElseThrow().customId())));
        }
        String who = pick(paused);
        Act.Seen seen = oracle.paused(who).orElseThrow();
        if (roll < 50) {
            return Optional.of(List.of(new Act.Press(++ids, who, seen.ordinal(), seen,
                    run.shown(seen).button("Resume").orElseThrow().customId())));
        }
        if (roll < 70) {
            String partner = Reading.of(run.shown(seen)).partner();
            return Optional.of(List.of(new Act.Slash(++ids, who, random.nextBoolean(), "checkin",
                    List.of(new Act.Option("kind", "resume", false), new Act.Option("partner", partner, true)))));
        }
        List<List<Act.Seen>> steps = oracle.steps(who);
        return steps.isEmpty() ? Optional.empty() : Optional.of(fresh(who, pick(steps), false));
    }

    /** One person ends a partnership, mostly one with a check-in open: at most once a run, so what follows can be watched. */
    private Optional<List<Act>> end() {
        List<String> paired = people.stream().filter(p -> !partners.get(p).isEmpty()).toList();
        if (paired.isEmpty()) {
            return Optional.empty();
        }
        List<String> busy = paired.stream().filter(p -> !oracle.unfinished(p).isEmpty()).toList();
        String who = pick(!busy.isEmpty() && random.nextInt(100) < 80 ? busy : paired);
        List<String> open = oracle.unfinished(who).stream().filter(partners.get(who)::contains).toList();
        String partner = pick(!open.isEmpty() ? open : List.copyOf(partners.get(who)));
        partners.get(who).remove(partner);
        partners.get(partner).remove(who);
        endedOne = true;
        return Optional.of(List.of(new Act.Slash(++ids, who, random.nextInt(100) < 30, "partner end",
                List.of(new Act.Option("partner", partner, true)))));
    }

    /** The steps on someone's screen now that offer to send a need at once. */
    private List<Act.Seen> liveSends() {
        List<Act.Seen> live = new ArrayList<>();
        for (String person : people) {
            for (List<Act.Seen> showing : oracle.steps(person)) {
                Act.Seen seen = showing.get(showing.size() - 1);
                if (sendButton(run.shown(seen)).isPresent()) {
                    live.add(seen);
                }
            }
        }
        return live;
    }

    private static Optional<Control> sendButton(Shown shown) {
        return shown.controls().stream().filter(c -> !c.menu() && c.label().startsWith("Send to ")).findFirst();
    }

    // ---- everyone finishes

    /**
     * Everyone answers what is left by skipping, shares everything and submits, so every answer
     * kept is shown once more; then two days pass, so whatever is still open closes, and another,
     * so everything that waited out quiet hours arrives.
     */
    private void finish() {
        answerTheRest();
        perform(List.of(new Act.Wait(++ids, 49)));
        perform(List.of(new Act.Wait(++ids, 24)));
    }

    private void answerTheRest() {
        Map<String, Integer> resumed = new HashMap<>();
        for (int i = 0; i < FINISHING; i++) {
            Optional<String> who = people.stream().filter(p -> !oracle.unfinished(p).isEmpty()).findFirst();
            if (who.isEmpty()) {
                return;
            }
            String person = who.get();
            List<List<Act.Seen>> steps = oracle.steps(person);
            if (steps.isEmpty()) {
                String partner = oracle.unfinished(person).get(0);
                if (resumed.merge(person + "|" + partner, 1, Integer::sum) > 2) {
                    return;
                }
                perform(List.of(new Act.Slash(++ids, person, false, "checkin",
                        List.of(new Act.Option("kind", "resume", false), new Act.Option("partner", partner, true)))));
                continue;
            }
            List<Act.Seen> showing = steps.get(0);
            Act.Seen seen = showing.get(showing.size() - 1);
            Shown shown = run.shown(seen);
            String label = Reading.of(shown).kind() == Kind.QUESTION ? "Skip" : shown.button("Share all").isPresent()
                    && shown.controls().stream().anyMatch(c -> c.label().matches("Share \\d+")) ? "Share all" : "Submit";
            perform(List.of(new Act.Press(++ids, person, seen.ordinal(), seen, shown.button(label).orElseThrow().customId())));
        }
    }

    // ---- helpers

    private Act use(String who, int carrier, Act.Seen seen, Control control) {
        if (control.menu()) {
            return new Act.Pick(++ids, who, carrier, seen, control.customId(), values(control));
        }
        return new Act.Press(++ids, who, carrier, seen, control.customId());
    }

    /** The controls of a step that answer, move or share: everything but stop, send now and continue, which have moves of their own. */
    private static List<Control> usable(Shown shown) {
        return shown.controls().stream().filter(c -> !c.label().equals("Stop for now") && !c.label().startsWith("Send to ")
                && !c.label().equals("Continue")).toList();
    }

    private static List<Control> answerButtons(Shown shown) {
        return shown.controls().stream().filter(c -> !c.menu() && Reading.offersAnswer(c)).toList();
    }

    /** One to as many options as the menu allows, in the menu's order. */
    private List<String> values(Control menu) {
        List<Shown.Choice> choices = menu.choices();
        int count = 1 + random.nextInt(Math.max(1, Math.min(3, menu.maxValues())));
        Set<Integer> picked = new TreeSet<>();
        while (picked.size() < Math.min(count, choices.size())) {
            picked.add(random.nextInt(choices.size()));
        }
        return picked.stream().map(i -> choices.get(i).value()).toList();
    }

    private OptionalInt serverMessage(String who) {
        Inbox inbox = run.inbox(who);
        for (int i = inbox.size() - 1; i >= 0; i--) {
            if (inbox.latest(i).inServer()) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    private String token() {
        return "Zq" + (++tokens) + "x";
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
