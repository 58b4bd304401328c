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
import app.afterglow.testing.Slow;
import app.afterglow.testing.TestBot;
import app.afterglow.testing.matrix.MatrixStandIn;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static app.afterglow.matrix.TypedRepliesOracle.FIRST_TEXT;
import static app.afterglow.matrix.TypedRepliesOracle.judge;
import static app.afterglow.matrix.TypedRepliesOracle.latestStep;
import static app.afterglow.matrix.TypedRepliesOracle.questions;
import static app.afterglow.matrix.TypedRepliesOracle.quote;
import static app.afterglow.matrix.TypedRepliesOracle.refused;
import static app.afterglow.matrix.TypedRepliesOracle.screenBefore;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Rule 7 attacked in plain (unencrypted) Matrix DMs, where a reply is read as soon as the bot's
 * sync brings it: random couples and triads answer aftercare check-ins, typing a reply in time
 * (now and then a second line a few milliseconds after, which the bot's next question may overtake
 * in the room or not) or answering one of the bot's earlier questions with the client's reply
 * feature, current or long gone, or, with a crafted reply, a question in someone else's DM. Now
 * and then the bot's next message reaches the room while its send is answered with 500s, the clock
 * jumps or the bot restarts ({@link Disturbances}). The homeserver answers the bot's sends and
 * syncs a few milliseconds late (up to 40, fixed per seed), so the bot reads what people typed
 * late and its questions land between their lines.
 * Judged by {@link TypedRepliesOracle} from what people wrote and what their rooms showed: a typed
 * line belongs to the bot's latest question before it in the room, a reply to the question it
 * quotes (one quoting another DM is a typed line), and a reply the rule owes a place (typed in time
 * at the question on screen, or quoting the question its check-in is at) is neither lost nor
 * refused.
 * {@code -Dmatrix.plain.seeds=N} runs more seeds; {@code -Dmatrix.plain.seed=S} replays one.
 */
@Slow
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PlainRepliesModelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted();

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

    static LongStream seeds() {
        return Seeds.of("matrix.plain", 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random couples and triads in plain DMs who type replies, second lines and client replies to "
            + "current and old questions, while the bot's sends fail, the clock jumps and the bot restarts WHEN they go "
            + "through aftercare check-ins THEN every filed answer is words written at that question of that check-in, "
            + "none twice, none owed a place lost or refused")
    void everyWordLandsOnlyWhereItWasWritten(long seed) throws Exception {
        Random random = Seeds.random(seed);
        // Not drawn from the run's own sequence, so that a seed still plays the steps it played before.
        Random typing = Seeds.random(seed * 31 + 7);
        MatrixStandIn standIn = matrix.standIn();
        standIn.answerLate("/send/|/sync", Duration.ofMillis(Math.floorMod(seed * 7919, 41)));
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

        List<Sent> sent = new ArrayList<>();
        Disturbances disturbances = new Disturbances(bot);
        int token = 0;
        for (int step = 0; step < 60; step++) {
            if (disturbances.strike(random)) {
                settle();
            }
            List<Person> busy = people.values().stream().filter(p -> screen(p).isPresent()).toList();
            if (busy.isEmpty()) {
                break;
            }
            Person person = busy.get(random.nextInt(busy.size()));
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
                String words = "w" + seed + "x" + (++token);
                sent.add(new Sent(words, person.name, screen.partner(), screen.question(), Mode.REPLY_TO, false));
                person.user.replyTo(person.room, theirs.get(random.nextInt(theirs.size())).eventId(), words);
                settle();
                continue;
            }
            if (random.nextInt(4) == 0) {
                Quote reply = quote(random, room(person), person.done, person.name, "w" + seed + "x" + (++token));
                sent.add(reply.sent());
                int before = fromBot(person).size();
                person.user.replyTo(person.room, reply.eventId(), reply.sent().words());
                settle();
                assertNotRefused(person, before, reply.sent());
                continue;
            }
            String words = screen.question() >= FIRST_TEXT ? "w" + seed + "x" + (++token) : "skip";
            Sent first = new Sent(words, person.name, screen.partner(), screen.question(), Mode.IN_TIME,
                    screen.question() >= FIRST_TEXT);
            sent.add(first);
            int before = fromBot(person).size();
            if (random.nextInt(5) == 0) {
                // The bot's next message reaches the room, but its send and the client's own
                // retries of it are all answered with 500s.
                standIn.failNextAfterHandling(4, 500, "/send/");
            }
            person.user.say(person.room, words);
            if (typing.nextInt(4) == 0) {
                // A second line typed a moment later: the bot's next question may reach the room before it or after.
                Thread.sleep(typing.nextInt(60));
                String line = screen.question() >= FIRST_TEXT ? "w" + seed + "x" + (++token) : "skip";
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

        Map<String, String> transcripts = new LinkedHashMap<>();
        people.values().forEach(p -> transcripts.put(p.name, transcript(p)));
        judge(transcripts, sent);
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

    private void finish(Person person, String partner) throws InterruptedException {
        run(person, "share all");
        run(person, "submit");
        person.done.add(partner);
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
