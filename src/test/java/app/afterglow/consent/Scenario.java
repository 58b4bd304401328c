package app.afterglow.consent;

import app.afterglow.consent.Screen.Paused;
import app.afterglow.consent.Screen.Question;
import app.afterglow.consent.Screen.Review;
import app.afterglow.core.CoreSettings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One randomised run: a few people, couples and triads, then a couple of hundred steps, mostly
 * replies that fit what each person has on screen and otherwise the things people really do —
 * answer an earlier screen, type at the wrong one, switch check-ins, pause, let time pass. The
 * script is recorded line by line, so a run can be replayed verbatim.
 */
final class Scenario {
    private static final List<String> NAMES = List.of("ana", "ben", "cleo", "dev", "esme", "finn", "gil");
    private static final List<String> KINDS = List.of("before", "after", "followup");
    private static final List<String> WORDS = List.of("", " felt close", " slower next time", " water please", " all good");
    private static final int[] HOURS = {1, 3, 9, 13, 21, 25, 49};

    /** What a run typed and what the oracle made of it. */
    record Result(long seed, List<String> people, List<String> script, List<List<String>> printed, ConsentOracle oracle) {
        List<Violation> violations() {
            return oracle.violations();
        }

        List<String> output() {
            return printed.stream().flatMap(List::stream).toList();
        }

        /** The output with each typed line above what it printed, for reading a failure. */
        List<String> annotated() {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < script.size(); i++) {
                lines.add("# step " + i + " — " + script.get(i));
                lines.addAll(printed.get(i));
            }
            return lines;
        }
    }

    private final Random random;
    private final List<String> people;
    private final ConsentOracle oracle = new ConsentOracle(ConsoleRun.START, CoreSettings.defaults().expiry());
    private final List<String> script = new ArrayList<>();
    private final List<List<String>> printed = new ArrayList<>();
    private final Map<String, List<Question>> shown = new HashMap<>();
    private int markers;

    private Scenario(long seed, List<String> people) {
        random = new Random(seed);
        this.people = people;
    }

    private static List<String> people(Random random) {
        List<String> names = new ArrayList<>(NAMES);
        Collections.shuffle(names, random);
        return List.copyOf(names.subList(0, 3 + random.nextInt(3)));
    }

    static Result run(long seed) {
        Random random = new Random(seed);
        Scenario s = new Scenario(random.nextLong(), people(random));
        try (ConsoleRun bot = new ConsoleRun()) {
            for (List<String> pair : s.pairs()) {
                s.type(bot, pair.get(0) + ": /partner invite " + pair.get(1));
                s.type(bot, pair.get(1) + ": /partner accept " + pair.get(0));
            }
            int steps = 150 + s.random.nextInt(101);
            for (int i = 0; i < steps; i++) {
                s.type(bot, s.next());
            }
        }
        return new Result(seed, s.people, List.copyOf(s.script), List.copyOf(s.printed), s.oracle);
    }

    /** A fixed script, typed and judged like a generated one; its people are whoever types. */
    static Result judge(List<String> script) {
        List<String> typists = script.stream().map(l -> l.substring(0, l.indexOf(':')).trim()).distinct().toList();
        Scenario s = new Scenario(0, typists);
        try (ConsoleRun bot = new ConsoleRun()) {
            script.forEach(line -> s.type(bot, line));
        }
        return new Result(-1, s.people, List.copyOf(s.script), List.copyOf(s.printed), s.oracle);
    }

    /** A triad around the first person, sometimes closed into a triangle; the others join someone. */
    private Set<List<String>> pairs() {
        Set<List<String>> pairs = new LinkedHashSet<>();
        pairs.add(List.of(people.get(0), people.get(1)));
        pairs.add(List.of(people.get(0), people.get(2)));
        if (random.nextInt(10) < 4) {
            pairs.add(List.of(people.get(1), people.get(2)));
        }
        for (int i = 3; i < people.size(); i++) {
            pairs.add(List.of(people.get(i), people.get(random.nextInt(i))));
        }
        return pairs;
    }

    private void type(ConsoleRun bot, String line) {
        int step = script.size();
        script.add(line);
        List<String> printed = bot.type(line);
        this.printed.add(printed);
        oracle.step(step, line, printed);
        for (String person : people) {
            if (oracle.screen(person).orElse(null) instanceof Question q) {
                List<Question> mine = shown.computeIfAbsent(person, k -> new ArrayList<>());
                if (mine.isEmpty() || !mine.get(mine.size() - 1).equals(q)) {
                    mine.add(q);
                }
            }
        }
    }

    private String next() {
        List<String> busy = people.stream().filter(p -> oracle.screen(p).isPresent()).toList();
        List<String> paired = people.stream().filter(p -> !oracle.partnersOf(p).isEmpty()).toList();
        List<String> from = !busy.isEmpty() && random.nextInt(10) < 7 ? busy : paired.isEmpty() ? people : paired;
        String who = from.get(random.nextInt(from.size()));
        Screen screen = oracle.screen(who).orElse(null);
        return who + ": " + (random.nextInt(10) < 7 ? fitting(who, screen) : adversarial(who, screen));
    }

    private String fitting(String who, Screen screen) {
        if (screen instanceof Question q) {
            int roll = random.nextInt(100);
            return roll < 12 ? "skip" : roll < 17 && q.canGoBack() ? "back" : answer(q);
        }
        if (screen instanceof Review r) {
            return review(r);
        }
        if (screen instanceof Paused p) {
            return random.nextInt(5) > 0 || p.checkin().isEmpty() ? "resume" : "/checkin resume " + p.checkin().get().partner();
        }
        Optional<String> partner = partner(who);
        if (partner.isEmpty()) {
            return "/clock +1h";
        }
        int roll = random.nextInt(100);
        return (roll < 60 ? "/checkin " + pick(KINDS) : roll < 75 ? "/session start" : "/session end") + " " + partner.get();
    }

    private String answer(Question q) {
        return switch (q.answering()) {
            case SCALE -> String.valueOf(q.low() + random.nextInt(q.high() - q.low() + 1));
            case ONE -> String.valueOf(1 + random.nextInt(Math.max(1, q.high())));
            case SEVERAL -> new TreeSet<>(List.of(1 + random.nextInt(Math.max(1, q.high())), 1 + random.nextInt(Math.max(1, q.high()))))
                    .stream().map(String::valueOf).collect(Collectors.joining(" "));
            case TEXT -> marker();
            case UNKNOWN -> "skip";
        };
    }

    private String review(Review r) {
        int n = 1 + random.nextInt(Math.max(1, r.items().size()));
        int roll = random.nextInt(100);
        return roll < 30 ? "submit" : roll < 50 ? "share all" : roll < 70 ? "share " + n : roll < 80 ? "private " + n
                : roll < 85 ? "private all" : "edit " + n;
    }

    private String adversarial(String who, Screen screen) {
        int roll = random.nextInt(160);
        List<Question> earlier = shown.getOrDefault(who, List.of()).stream().filter(q -> !q.equals(screen)).toList();
        if (roll < 30) {
            return earlier.isEmpty() ? marker() : answer(earlier.get(random.nextInt(earlier.size())));
        }
        if (roll < 50) {
            return marker();
        }
        if (roll < 60) {
            return "submit";
        }
        if (roll < 70) {
            return pick(List.of("share all", "private all", "share 2", "private 3", "edit 1"));
        }
        if (roll < 90) {
            return pick(List.of("skip", "back", "stop", "resume", "send now"));
        }
        Optional<String> partner = partner(who);
        String name = partner.filter(p -> random.nextInt(100) < 85).map(p -> " " + p).orElse("");
        if (roll < 115) {
            return "/checkin " + pick(KINDS) + name;
        }
        if (roll < 125) {
            return "/checkin resume" + name;
        }
        if (roll < 135) {
            return (random.nextBoolean() ? "/session start" : "/session end") + name;
        }
        if (roll < 158 || partner.isEmpty()) {
            return "/clock +" + HOURS[random.nextInt(HOURS.length)] + "h";
        }
        return "/partner end " + partner.get();
    }

    private Optional<String> partner(String who) {
        List<String> mine = List.copyOf(oracle.partnersOf(who));
        return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(random.nextInt(mine.size())));
    }

    /** Free text that carries a planted, unique marker. */
    private String marker() {
        markers++;
        return "Zq" + markers + "x" + pick(WORDS);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
