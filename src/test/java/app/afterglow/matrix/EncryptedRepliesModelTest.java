package app.afterglow.matrix;

import app.afterglow.config.MatrixConfig;
import app.afterglow.core.CoreSettings;
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
import app.afterglow.testing.matrix.E2eeDevice;
import app.afterglow.testing.matrix.MatrixStandIn;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import static app.afterglow.matrix.TypedRepliesOracle.pick;
import static app.afterglow.matrix.TypedRepliesOracle.quote;
import static app.afterglow.matrix.TypedRepliesOracle.refused;
import static app.afterglow.matrix.TypedRepliesOracle.screenBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Rule 7 of the consent rule attacked where encryption changes how words reach a check-in: random
 * couples and triads answer aftercare check-ins in encrypted DMs, and each reply goes out in
 * time (now and then with a second line typed at once, which the bot's next question may
 * overtake in the room or not), with its key held back and released at a random later moment,
 * replayed as a new event, or as a reply (the client's reply feature) to one of the bot's questions,
 * its relation beside the ciphertext as most clients send it or, now and then, inside, or in a
 * thread under that question;
 * now and then the bot's next message reaches the room while its send is answered with a 500, so
 * the person reads a question whose delivery the bot has not seen answered, the bot restarts (with
 * keys still held back), or the clock jumps (once far enough for each unfinished person's reminder). The homeserver answers
 * the bot's sends a few milliseconds late (up to 40, fixed per seed), so what goes to several
 * people at once (reveals, a triad's messages) is posted side by side, each encrypted under the
 * bot's one lock.
 * The oracle is the rule, not the code: every answer the bot files (as each person's own review
 * shows it, and as the reveals show it to both) must be words that person wrote while that very
 * question of that very check-in was on their screen (for a second line, the bot's latest question
 * before it in the room: all a bot can know; for a reply, the question it quotes); no words are
 * filed twice or in another check-in; a question answered in time, or by a reply to the question its
 * check-in is at, is never left empty, and such a reply is never refused as one for an earlier
 * step (see {@link TypedRepliesOracle}); and no one's device can read what the bot wrote in another's DM.
 * People's devices are libolm.
 * {@code -Dmatrix.model.seeds=N} runs more seeds; {@code -Dmatrix.model.seed=S} replays one.
 */
@Slow
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EncryptedRepliesModelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted().encryption(MatrixConfig.Encryption.REQUIRED);

    private final class Person {
        final String name;
        final E2eeDevice device;
        String room;
        final List<String> events = new ArrayList<>();
        final Set<String> done = new HashSet<>();

        Person(String name, E2eeDevice device) {
            this.name = name;
            this.device = device;
        }

        String userId() {
            return device.userId();
        }
    }

    static LongStream seeds() {
        return Seeds.of("matrix.model", 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random couples and triads in encrypted DMs whose replies come in time, late or replayed, and "
            + "bot messages that reach the room while their sends are answered late or with errors WHEN they go through "
            + "aftercare check-ins THEN every filed answer is words written at that question of that check-in, none "
            + "twice, none lost, no reply written at the question on screen is refused, and no one's device can read "
            + "another's DM")
    void everyWordLandsOnlyWhereItWasWritten(long seed) throws Exception {
        Random random = Seeds.random(seed);
        // Not drawn from the run's own sequence either, for the same reason.
        Random typing = Seeds.random(seed * 31 + 7);
        MatrixStandIn standIn = matrix.standIn();
        // Not drawn from the run's own sequence, so that a seed still plays the steps it played before.
        standIn.answerLate("/send/", Duration.ofMillis(Math.floorMod(seed * 7919, 41)));
        Map<String, Person> people = new LinkedHashMap<>();
        people.put("Alice", new Person("Alice", standIn.enroll("@alice:local", "ALICE1")));
        people.put("Bob", new Person("Bob", standIn.enroll("@bob:local", "BOB1")));
        boolean triad = random.nextBoolean();
        if (triad) {
            standIn.register("@carol:local", "Carol");
            people.put("Carol", new Person("Carol", standIn.enroll("@carol:local", "CAROL1")));
        }
        MatrixTestBot bot = matrix.bot(CoreSettings.defaults().withoutQuietHours(), TestBot.START).start();
        Person alice = people.get("Alice");
        for (Person person : people.values()) {
            person.room = person.device.createEncryptedDirectRoom(MatrixTestBot.BOT);
            awaitFromBot(person, "end-to-end encrypted");
        }
        for (Person partner : people.values()) {
            if (partner == alice) {
                continue;
            }
            run(alice, "!afterglow partner invite " + partner.userId());
            run(partner, "!afterglow partner accept " + alice.userId());
        }
        run(alice, "!afterglow checkin after @bob:local");
        if (triad) {
            run(people.get("Carol"), "!afterglow checkin after @alice:local");
        }

        List<Sent> sent = new ArrayList<>();
        List<E2eeDevice.HeldKey> held = new ArrayList<>();
        Disturbances disturbances = new Disturbances(bot);
        int token = 0;
        for (int step = 0; step < 60; step++) {
            if (!held.isEmpty() && random.nextInt(10) < 3) {
                held.remove(random.nextInt(held.size())).release();
                settle();
            }
            // What waits for a key held back, and what each room showed, outlive a restart.
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
            String words = screen.question() >= FIRST_TEXT ? "w" + seed + "x" + (++token) : "skip";
            Mode mode = person.events.isEmpty() ? Mode.IN_TIME : Mode.values()[pick(random, 60, 25, 15, 0, 20)];
            if (mode == Mode.REPLY_TO) {
                Quote reply = quote(random, room(person), person.done, person.name, "w" + seed + "x" + (++token));
                sent.add(reply.sent());
                int before = fromBot(person).size();
                ObjectNode content = text(reply.sent().words());
                content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", reply.eventId());
                // Most clients put the relation beside the ciphertext; a few inside it. Or in a thread under the question.
                person.events.add(switch (random.nextInt(4)) {
                    case 0 -> person.device.sendEncryptedWithRelationInside(person.room, content);
                    case 1 -> person.device.sendInThread(person.room, reply.eventId(), reply.sent().words());
                    default -> person.device.sendEncrypted(person.room, content);
                });
                settle();
                List<String> said = fromBot(person);
                assertFalse(reply.sent().owed() && refused(said.subList(before, said.size()), reply.sent()),
                        "a reply the rule owes a place was refused: " + reply);
                continue;
            }
            sent.add(new Sent(words, person.name, screen.partner(), screen.question(), mode,
                    mode == Mode.IN_TIME && screen.question() >= FIRST_TEXT));
            switch (mode) {
                case IN_TIME -> {
                    int before = fromBot(person).size();
                    if (random.nextInt(5) == 0) {
                        // The bot's next message reaches the room, but its send and the client's own
                        // retries of it are all answered with 500s.
                        standIn.failNextAfterHandling(4, 500, "/send/");
                    }
                    person.events.add(person.device.sendEncrypted(person.room, words));
                    Optional<String> more = Optional.empty();
                    if (typing.nextInt(4) == 0) {
                        // A second line typed at once: the bot's next question may reach the room before it or after.
                        more = Optional.of(screen.question() >= FIRST_TEXT ? "w" + seed + "x" + (++token) : "skip");
                    }
                    Optional<String> second = more.map(line -> person.device.sendEncrypted(person.room, line));
                    second.ifPresent(person.events::add);
                    settle();
                    Sent first = sent.get(sent.size() - 1);
                    if (second.isEmpty() || !words.equals("skip")) {
                        List<String> said = fromBot(person);
                        String quoted = second.isPresent() ? words : "";
                        assertFalse(said.subList(before, said.size()).stream()
                                        .anyMatch(m -> m.contains("earlier step") && m.contains(quoted)),
                                "a reply written at the question on screen was refused: " + first);
                    }
                    if (second.isPresent()) {
                        // It answers what the room showed before it, which is all the bot can know.
                        Screen shown = screenBefore(room(person), second.get()).orElseThrow();
                        sent.add(new Sent(more.get(), person.name, shown.partner(), shown.question(), Mode.SECOND_LINE, false));
                    }
                }
                case LATE_KEY -> {
                    E2eeDevice.HeldKey key = person.device.sendEncryptedWithLateKey(person.room, text(words));
                    person.events.add(key.eventId());
                    held.add(key);
                }
                case REPLAY -> {
                    person.device.replay(person.room, person.events.get(random.nextInt(person.events.size())));
                    settle();
                }
            }
        }
        held.forEach(E2eeDevice.HeldKey::release);
        settle();
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
        for (Person reader : people.values()) {
            for (Person owner : people.values()) {
                if (reader != owner) {
                    // Rule 6 down to the keys: a room key the bot shared beyond a DM would open it to another device.
                    assertEquals(List.of(), room(reader, owner.room).stream().filter(Line::fromBot).map(Line::body).toList(),
                            reader.name + "'s device can read what the bot wrote in " + owner.name + "'s DM");
                }
            }
        }
    }

    /** Everything the bot said to the person, in order, as one text. */
    private static String transcript(Person person) {
        return TypedRepliesOracle.transcript(room(person));
    }

    /** The person's DM as their device reads it. */
    private static List<Line> room(Person person) {
        return room(person, person.room);
    }

    /** {@code roomId} as the person's device reads it: their own DM, or what they could read of another's. */
    private static List<Line> room(Person person, String roomId) {
        return person.device.decryptedEvents(roomId).stream()
                .map(d -> new Line(d.eventId(), d.sender(), d.content().path("body").asText())).toList();
    }

    /** Each message the bot sent the person, in order. */
    private static List<String> fromBot(Person person) {
        return room(person).stream().filter(Line::fromBot).map(Line::body).toList();
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
        person.events.add(person.device.sendEncrypted(person.room, words));
        settle();
    }

    private void awaitFromBot(Person person, String fragment) throws InterruptedException {
        person.device.awaitDecrypted(person.room, d -> d.sender().equals(MatrixTestBot.BOT)
                && d.content().path("body").asText().contains(fragment), WAIT);
    }

    /** Waits until the bot has handled everything and delivered what it had to say. */
    private void settle() throws InterruptedException {
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
    }

    private static ObjectNode text(String body) {
        return JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body);
    }
}
