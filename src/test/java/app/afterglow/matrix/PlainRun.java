package app.afterglow.matrix;

import app.afterglow.core.CoreSettings;
import app.afterglow.matrix.TypedRepliesOracle.Asked;
import app.afterglow.matrix.TypedRepliesOracle.Line;
import app.afterglow.matrix.TypedRepliesOracle.Mode;
import app.afterglow.matrix.TypedRepliesOracle.Quote;
import app.afterglow.matrix.TypedRepliesOracle.Screen;
import app.afterglow.matrix.TypedRepliesOracle.Sent;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.Seeds;
import app.afterglow.testing.TestBot;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static app.afterglow.matrix.TypedRepliesOracle.FIRST_TEXT;
import static app.afterglow.matrix.TypedRepliesOracle.QUESTIONS;
import static app.afterglow.matrix.TypedRepliesOracle.latestStep;
import static app.afterglow.matrix.TypedRepliesOracle.questions;
import static app.afterglow.matrix.TypedRepliesOracle.quote;
import static app.afterglow.matrix.TypedRepliesOracle.refused;
import static app.afterglow.matrix.TypedRepliesOracle.screenBefore;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of the plain-DM replies model: random couples and triads answer aftercare check-ins
 * through the real bot and the Matrix stand-in, typing a reply in time or answering one of the
 * bot's questions with the client's reply feature or in a thread under it (current or long gone,
 * or, crafted, one in someone else's DM), and at the review keeping some answers private. Now and
 * then the bot restarts or its clock jumps ({@link Disturbances}), or it is down while people
 * answer (deleting some of it before it is back) and reads their words when it is back, or a
 * person deletes a line of theirs, which takes nothing back. {@link Weather#STORMY} adds what makes two runs of
 * a seed differ in timing: sends and syncs answered late, sends answered with 500s, second lines
 * racing the bot's next question, and for even seeds sync timelines of one event, so that a sync
 * that brings more leaves a gap the bot fills by paging back. Every draw comes from the seed, so a
 * {@link Variant} run of a {@link Weather#CALM} seed differs from the first only where its one
 * person chose otherwise.
 */
final class PlainRun {
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Whether the homeserver and people's typing race the bot, or every step waits for it. */
    enum Weather { STORMY, CALM }

    /**
     * {@code person}'s private choices made otherwise: the words in {@code words} written another
     * way, and in the check-in with each partner in {@code flips} that question's share choice
     * turned around.
     */
    record Variant(String person, Set<String> words, Map<String, Integer> flips) {
        static final Variant NONE = new Variant("", Set.of(), Map.of());

        String written(String token) {
            return words.contains(token) ? "v" + token.substring(1) : token;
        }
    }

    /**
     * What a run left: each person's DM as the bot wrote it (every message's whole content, in
     * the room's order) and as the oracle reads it, and everything people sent.
     */
    record Result(long seed, Map<String, List<String>> shown, Map<String, String> transcripts, List<Sent> sent) {
    }

    private static final class Person {
        final String name;
        final SimulatedUser user;
        String room;
        final Set<String> done = new HashSet<>();

        Person(String name, SimulatedUser user) {
            this.name = name;
            this.user = user;
        }
    }

    private final MatrixPair matrix;
    private final long seed;
    private final Weather weather;
    private final Variant variant;
    private final Random random;
    private final List<Sent> sent = new ArrayList<>();
    private int token;

    private PlainRun(MatrixPair matrix, long seed, Weather weather, Variant variant) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.seed = seed;
        this.weather = Objects.requireNonNull(weather, "weather");
        this.variant = Objects.requireNonNull(variant, "variant");
        this.random = Seeds.random(seed);
    }

    /** Plays seed {@code seed} on {@code matrix}'s fresh stand-in, with the bot not yet started. */
    static Result play(MatrixPair matrix, long seed, Weather weather, Variant variant) throws InterruptedException {
        return new PlainRun(matrix, seed, weather, variant).play();
    }

    private Result play() throws InterruptedException {
        // Not drawn from the run's own sequence, so that a seed still plays the steps it played before.
        Random typing = Seeds.random(seed * 31 + 7);
        MatrixStandIn standIn = matrix.standIn();
        boolean stormy = weather == Weather.STORMY;
        if (stormy) {
            standIn.answerLate("/send/|/sync", Duration.ofMillis(Math.floorMod(seed * 7919, 41)));
            if (seed % 2 == 0) {
                // Most of the bot's syncs then leave a gap, which it fills by paging back through the room.
                standIn.timelineLimit(1);
            }
        }
        Map<String, Person> people = new LinkedHashMap<>();
        people.put("Alice", new Person("Alice", matrix.alice()));
        people.put("Bob", new Person("Bob", matrix.bob()));
        boolean triad = random.nextBoolean();
        if (triad) {
            people.put("Carol", new Person("Carol", standIn.register("@carol:local", "Carol")));
        }
        MatrixTestBot bot = matrix.bot(CoreSettings.defaults().withoutQuietHours(), TestBot.START).start();
        Person alice = people.get("Alice");
        for (Person person : people.values()) {
            person.room = person.user.createDirectRoom(MatrixTestBot.BOT);
            person.user.awaitMessage(m -> m.path("body").asText().contains("not end-to-end encrypted"), WAIT);
        }
        for (Person partner : people.values()) {
            if (partner != alice) {
                run(alice, "!afterglow partner invite " + partner.user.userId());
                run(partner, "!afterglow partner accept " + alice.user.userId());
            }
        }
        run(alice, "!afterglow checkin after @bob:local");
        if (triad) {
            run(people.get("Carol"), "!afterglow checkin after @alice:local");
        }

        Disturbances disturbances = new Disturbances(bot);
        for (int step = 0; step < 60; step++) {
            if (disturbances.strike(random)) {
                settle();
            }
            if (random.nextInt(15) == 0) {
                away(bot, people.values());
            }
            List<Person> busy = people.values().stream().filter(p -> screen(p).isPresent()).toList();
            if (busy.isEmpty()) {
                break;
            }
            Person person = busy.get(random.nextInt(busy.size()));
            List<Line> own = room(person).stream().filter(l -> !l.fromBot()).toList();
            if (random.nextInt(20) == 0 && !own.isEmpty()) {
                // Deleting a line the bot has read takes nothing back; the person is told so, and goes on.
                person.user.redact(person.room, own.get(random.nextInt(own.size())).eventId());
                settle();
                List<String> said = fromBot(person);
                assertTrue(said.get(said.size() - 1).startsWith("Deleting a message here"), "no word on a deletion: " + said);
                continue;
            }
            if (person == alice && triad && random.nextInt(8) == 0) {
                run(alice, "!afterglow checkin resume " + (random.nextBoolean() ? "@bob:local" : "@carol:local"));
                continue;
            }
            Screen screen = screen(person).orElseThrow();
            if (screen.review()) {
                finish(person, screen.partner());
                continue;
            }
            List<Person> others = people.values().stream().filter(p -> p != person).toList();
            List<Asked> theirs = questions(room(others.get(random.nextInt(others.size()))));
            if (!theirs.isEmpty() && random.nextInt(12) == 0) {
                // A reply crafted to quote a question in someone else's DM names nothing this room
                // showed: it is a line typed at the question on screen, never an answer over there.
                String words = words(person);
                sent.add(new Sent(words, person.name, screen.partner(), screen.question(), Mode.REPLY_TO, false));
                person.user.replyTo(person.room, theirs.get(random.nextInt(theirs.size())).eventId(), words);
                settle();
                continue;
            }
            if (random.nextInt(4) == 0) {
                Quote reply = quote(random, room(person), person.done, person.name, words(person));
                sent.add(reply.sent());
                int before = fromBot(person).size();
                if (random.nextInt(3) == 0) {
                    // In a thread under the question: a client names the thread's latest message,
                    // often the person's own, as the reply for clients without threads.
                    person.user.inThread(person.room, reply.eventId(), reply.sent().words());
                } else {
                    person.user.replyTo(person.room, reply.eventId(), reply.sent().words());
                }
                settle();
                assertNotRefused(person, before, reply.sent());
                continue;
            }
            String words = screen.question() >= FIRST_TEXT ? words(person) : "skip";
            Sent first = new Sent(words, person.name, screen.partner(), screen.question(), Mode.IN_TIME,
                    screen.question() >= FIRST_TEXT);
            sent.add(first);
            int before = fromBot(person).size();
            if (random.nextInt(5) == 0 && stormy) {
                // The bot's next message reaches the room, but its send and the client's own
                // retries of it are all answered with 500s.
                standIn.failNextAfterHandling(4, 500, "/send/");
            }
            person.user.say(person.room, words);
            if (typing.nextInt(4) == 0 && stormy) {
                // A second line typed a moment later: the bot's next question may reach the room before it or after.
                Thread.sleep(typing.nextInt(60));
                String line = screen.question() >= FIRST_TEXT ? words(person) : "skip";
                String second = person.user.say(person.room, line);
                settle();
                Screen shown = screenBefore(room(person), second).orElseThrow();
                sent.add(new Sent(line, person.name, shown.partner(), shown.question(), Mode.SECOND_LINE, false));
                if (!words.equals("skip")) {
                    assertNotRefused(person, before, first);
                }
            } else {
                settle();
                assertNotRefused(person, before, first);
            }
        }
        for (int round = 0; round < 40; round++) {
            List<Person> busy = people.values().stream().filter(p -> screen(p).isPresent()).toList();
            if (busy.isEmpty()) {
                break;
            }
            Person person = busy.get(0);
            Screen screen = screen(person).orElseThrow();
            if (screen.review()) {
                finish(person, screen.partner());
            } else {
                run(person, "skip");
            }
        }

        if (stormy && seed % 2 == 0) {
            assertTrue(standIn.requests().stream().anyMatch(r -> r.path().endsWith("/messages")),
                    "with short sync timelines the bot never paged back: the run did not attack what it meant to");
        }
        Map<String, List<String>> shown = new LinkedHashMap<>();
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (Person person : people.values()) {
            shown.put(person.name, matrix.standIn().timeline(person.room).stream()
                    .filter(e -> e.path("type").asText().equals("m.room.message"))
                    .filter(e -> e.path("sender").asText().equals(MatrixTestBot.BOT))
                    .map(e -> e.path("content").toString())
                    .toList());
            transcripts.put(person.name, transcript(person));
        }
        return new Result(seed, shown, transcripts, List.copyOf(sent));
    }

    /**
     * The bot is down while some people answer the question on their screen, now and then with a
     * second line after; it reads them all when it is back, from a sync that may have left them
     * out of its timeline.
     */
    private void away(MatrixTestBot bot, Collection<Person> people) throws InterruptedException {
        bot.stop();
        Map<Person, Sent> answers = new LinkedHashMap<>();
        Map<Person, Integer> before = new LinkedHashMap<>();
        Map<String, Person> seconds = new LinkedHashMap<>();
        Map<String, String> lines = new LinkedHashMap<>();
        for (Person person : people) {
            Optional<Screen> screen = screen(person);
            if (screen.isEmpty() || screen.get().review() || random.nextBoolean()) {
                continue;
            }
            int question = screen.get().question();
            String words = question >= FIRST_TEXT ? words(person) : "skip";
            String typed = person.user.say(person.room, words);
            if (random.nextInt(4) == 0) {
                // Deleted before the bot is back, it comes to the bot with nothing left of it: owed nothing.
                person.user.redact(person.room, typed);
                sent.add(new Sent(words, person.name, screen.get().partner(), question, Mode.IN_TIME, false));
            } else {
                Sent answer = new Sent(words, person.name, screen.get().partner(), question, Mode.IN_TIME, question >= FIRST_TEXT);
                sent.add(answer);
                answers.put(person, answer);
                before.put(person, fromBot(person).size());
            }
            if (random.nextInt(3) == 0) {
                String line = question >= FIRST_TEXT ? words(person) : "skip";
                String second = person.user.say(person.room, line);
                seconds.put(second, person);
                lines.put(second, line);
            }
        }
        bot.start();
        settle();
        for (Map.Entry<String, Person> second : seconds.entrySet()) {
            Person person = second.getValue();
            Screen shown = screenBefore(room(person), second.getKey()).orElseThrow();
            sent.add(new Sent(lines.get(second.getKey()), person.name, shown.partner(), shown.question(), Mode.SECOND_LINE, false));
        }
        for (Map.Entry<Person, Sent> answer : answers.entrySet()) {
            assertNotRefused(answer.getKey(), before.get(answer.getKey()), answer.getValue());
        }
    }

    /** Fresh words for {@code person} to write, as the variant has them write it. */
    private String words(Person person) {
        String written = "w" + seed + "x" + (++token);
        return person.name.equals(variant.person()) ? variant.written(written) : written;
    }

    /**
     * Shares every answer, then keeps some of the free-text ones private (drawn whatever was
     * answered, so that every run of the seed draws alike), and submits.
     */
    private void finish(Person person, String partner) throws InterruptedException {
        Set<Integer> kept = new TreeSet<>();
        for (int question = FIRST_TEXT; question <= QUESTIONS; question++) {
            if (random.nextInt(3) == 0) {
                kept.add(question);
            }
        }
        if (person.name.equals(variant.person()) && variant.flips().containsKey(partner)) {
            Integer flipped = variant.flips().get(partner);
            if (!kept.remove(flipped)) {
                kept.add(flipped);
            }
        }
        Set<Integer> answered = TypedRepliesOracle.reviews(transcript(person))
                .getOrDefault(partner, Map.of()).keySet();
        run(person, "share all");
        for (int question : kept) {
            if (answered.contains(question)) {
                run(person, "private " + question);
            }
        }
        run(person, "submit");
        person.done.add(partner);
    }

    /** A reply the rule owes a place is never answered as one for an earlier step. */
    private static void assertNotRefused(Person person, int before, Sent reply) {
        if (!reply.owed()) {
            return;
        }
        List<String> said = fromBot(person);
        assertFalse(refused(said.subList(before, said.size()), reply), "a reply the rule owes a place was refused: " + reply);
    }

    /** The person's DM in the room's order, as the homeserver keeps it. */
    private List<Line> room(Person person) {
        return matrix.standIn().timeline(person.room).stream()
                .filter(e -> e.path("type").asText().equals("m.room.message"))
                .map(e -> new Line(e.path("event_id").asText(), e.path("sender").asText(),
                        e.path("content").path("body").asText()))
                .toList();
    }

    private String transcript(Person person) {
        return TypedRepliesOracle.transcript(room(person));
    }

    private static List<String> fromBot(Person person) {
        return person.user.receivedMessages(person.room).stream().map(m -> m.path("body").asText()).toList();
    }

    /** What the person's screen shows now: the bot's latest step of a check-in they have not finished. */
    private Optional<Screen> screen(Person person) {
        return latestStep(transcript(person)).filter(s -> !person.done.contains(s.partner()));
    }

    private void run(Person person, String words) throws InterruptedException {
        person.user.say(person.room, words);
        settle();
    }

    /** Waits until the bot has handled everything and delivered what it had to say. */
    private void settle() throws InterruptedException {
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
    }
}
