package app.afterglow.matrix;

import app.afterglow.core.CoreSettings;
import app.afterglow.matrix.TypedRepliesOracle.Asked;
import app.afterglow.matrix.TypedRepliesOracle.Deleted;
import app.afterglow.matrix.TypedRepliesOracle.Line;
import app.afterglow.matrix.TypedRepliesOracle.Mode;
import app.afterglow.matrix.TypedRepliesOracle.Quote;
import app.afterglow.matrix.TypedRepliesOracle.Screen;
import app.afterglow.matrix.TypedRepliesOracle.Sent;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.Seeds;
import app.afterglow.testing.TestBot;
import app.afterglow.testing.matrix.E2eeDevice;
import app.afterglow.testing.matrix.MatrixStandIn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static app.afterglow.matrix.TypedRepliesOracle.FIRST_TEXT;
import static app.afterglow.matrix.TypedRepliesOracle.QUESTIONS;
import static app.afterglow.matrix.TypedRepliesOracle.latestStep;
import static app.afterglow.matrix.TypedRepliesOracle.questions;
import static app.afterglow.matrix.TypedRepliesOracle.quote;
import static app.afterglow.matrix.TypedRepliesOracle.refused;
import static app.afterglow.matrix.TypedRepliesOracle.screenBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run of the Matrix replies model, in plain DMs or encrypted ones ({@link Transport}): random
 * couples and triads answer aftercare check-ins through the real bot and the Matrix stand-in,
 * typing a reply in time or answering one of the bot's questions with the client's reply feature
 * or in a thread under it (current or long gone, or, crafted, one in someone else's DM), and at
 * the review keeping some answers private. Now and then the bot restarts or its clock jumps
 * ({@link Disturbances}), or it is down while people answer (deleting some of it before it is
 * back) and reads their words when it is back, or a person deletes a line of theirs, which takes
 * nothing back. In encrypted DMs some earlier events are posted again, and some replies carry
 * their relation inside the ciphertext; at the end no one's device may read what the bot wrote
 * in another's DM. {@link Weather#STORMY} adds what makes two runs of a seed differ in timing:
 * sends and syncs answered late, sends answered with 500s, second lines racing the bot's next
 * question, for even seeds sync timelines of one event, so that a sync that brings more leaves a
 * gap the bot fills by paging back, and in encrypted DMs room keys that come at a random later
 * moment. Every draw comes from the seed, so a {@link Variant} run of a
 * {@link Weather#CALM} seed differs from the first only where its one person chose otherwise.
 */
final class RepliesRun {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Words a person writes, as the variant may have them written: each run's own, none alike. */
    private static final Pattern TOKEN = Pattern.compile("[wv]\\d+x\\d+");
    private static final Pattern PRIVATE = Pattern.compile("private \\d+");

    /** Whether the homeserver and people's typing race the bot, or every step waits for it. */
    enum Weather { STORMY, CALM }

    /** Whether people's DMs with the bot are plain or end-to-end encrypted; the bot must be configured to match. */
    enum Transport { PLAIN, ENCRYPTED }

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
    record Result(long seed, Map<String, List<String>> shown, Map<String, String> transcripts, List<Sent> sent,
                  List<Deleted> deleted) {
        /** Judges the run by {@link TypedRepliesOracle}. */
        void judge() {
            TypedRepliesOracle.judge(transcripts, sent, deleted);
        }
    }

    private static final class Person {
        final String name;
        final DmClient client;
        String room;
        final Set<String> done = new HashSet<>();
        /** What the person sent, for an encrypted one to post again. */
        final List<String> events = new ArrayList<>();

        Person(String name, DmClient client) {
            this.name = name;
            this.client = client;
        }
    }

    private final MatrixPair matrix;
    private final long seed;
    private final Transport transport;
    private final Weather weather;
    private final Variant variant;
    private final Random random;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Deleted> deleted = new ArrayList<>();
    /** Each edited line's words now, by its event: a room shows a line as first written. */
    private final Map<String, String> current = new HashMap<>();
    /** Lines sent under a key held back: the bot may not have read one yet when it is edited. */
    private final Set<String> lateKeyLines = new HashSet<>();
    /** Late-key lines their writers will edit a few steps on, while the key is still held, maybe after answering on meanwhile. */
    private final Set<String> editLater = new HashSet<>();
    private final List<E2eeDevice.HeldKey> held = new ArrayList<>();
    private int token;

    private RepliesRun(MatrixPair matrix, long seed, Transport transport, Weather weather, Variant variant) {
        this.matrix = Objects.requireNonNull(matrix, "matrix");
        this.seed = seed;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.weather = Objects.requireNonNull(weather, "weather");
        this.variant = Objects.requireNonNull(variant, "variant");
        this.random = Seeds.random(seed);
    }

    /**
     * Plays seed {@code seed} on {@code matrix}'s fresh stand-in, with the bot not yet started and
     * configured for {@code transport}.
     */
    static Result play(MatrixPair matrix, long seed, Transport transport, Weather weather, Variant variant)
            throws InterruptedException {
        return new RepliesRun(matrix, seed, transport, weather, variant).play();
    }

    private DmClient client(String userId, String device) {
        MatrixStandIn standIn = matrix.standIn();
        return switch (transport) {
            case PLAIN -> new DmClient.Plain(standIn.user(userId), standIn);
            case ENCRYPTED -> new DmClient.Encrypted(standIn.enroll(userId, device));
        };
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
        people.put("Alice", new Person("Alice", client("@alice:local", "ALICE1")));
        people.put("Bob", new Person("Bob", client("@bob:local", "BOB1")));
        boolean triad = random.nextBoolean();
        if (triad) {
            standIn.register("@carol:local", "Carol");
            people.put("Carol", new Person("Carol", client("@carol:local", "CAROL1")));
        }
        MatrixTestBot bot = matrix.bot(CoreSettings.defaults().withoutQuietHours(), TestBot.START).start();
        Person alice = people.get("Alice");
        for (Person person : people.values()) {
            person.room = person.client.openDm();
        }
        for (Person partner : people.values()) {
            if (partner != alice) {
                run(alice, "!afterglow partner invite " + partner.client.userId());
                run(partner, "!afterglow partner accept " + alice.client.userId());
            }
        }
        run(alice, "!afterglow checkin after @bob:local");
        if (triad) {
            run(people.get("Carol"), "!afterglow checkin after @alice:local");
        }

        Disturbances disturbances = new Disturbances(bot);
        for (int step = 0; step < 60; step++) {
            if (!held.isEmpty() && random.nextInt(10) < 3) {
                // A key whose line is to be edited later is often held on, so its writer answers on meanwhile.
                E2eeDevice.HeldKey key = held.get(random.nextInt(held.size()));
                if (!editLater.contains(key.eventId()) || random.nextBoolean()) {
                    held.remove(key);
                    key.release();
                    settle();
                }
            }
            // What waits for a key held back, and what each room showed, outlive a restart.
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
            // Not the review's "private N": how many of those a person sent is one of their private choices,
            // and what is drawn from here on must not depend on it.
            List<Line> own = room(person).stream().filter(l -> !l.fromBot() && !PRIVATE.matcher(l.body()).matches()).toList();
            // Only while its key is still held back: once the bot has read it, its edit is any edit.
            editLater.removeIf(id -> held.stream().noneMatch(k -> k.eventId().equals(id)));
            Optional<Line> later = own.stream().filter(l -> editLater.contains(l.eventId())).findFirst();
            if (later.isPresent() && random.nextBoolean()) {
                // Edited once its writer may have answered on: read in its place, it answers the step it was written at.
                editLater.remove(later.get().eventId());
                edit(person, later.get());
                continue;
            }
            if (random.nextInt(12) == 0 && !own.isEmpty()) {
                List<Line> words = own.stream().filter(l -> TOKEN.matcher(l.body()).matches()).toList();
                if (!words.isEmpty() && random.nextBoolean()) {
                    // Now and then one whose key is still held back, if there is one: its edit is read in its place.
                    List<Line> unread = words.stream().filter(l -> held.stream().anyMatch(k -> k.eventId().equals(l.eventId())))
                            .toList();
                    List<Line> from = !unread.isEmpty() && random.nextBoolean() ? unread : words;
                    edit(person, from.get(random.nextInt(from.size())));
                    continue;
                }
                // Deleting an answer's line before sending its check-in takes the answer back; the person is told what it did.
                // Mostly a line of their words; now and then any, a command or a refused line among them.
                List<Line> from = !words.isEmpty() && random.nextInt(3) > 0 ? words : own;
                int before = fromBot(person).size();
                Line line = from.get(random.nextInt(from.size()));
                noteDeleted(person, current.getOrDefault(line.eventId(), line.body()));
                person.client.redact(person.room, line.eventId());
                settle();
                List<String> said = fromBot(person);
                // Beside it may come word of a message whose key the bot stopped waiting for meanwhile.
                assertTrue(said.subList(before, said.size()).stream()
                                .anyMatch(m -> m.contains("taken it back") || m.startsWith("Deleting that message changes nothing")),
                        "no word on a deletion: " + said.subList(before, said.size()));
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
                person.events.add(person.client.replyTo(person.room, theirs.get(random.nextInt(theirs.size())).eventId(), words));
                settle();
                continue;
            }
            if (random.nextInt(4) == 0) {
                Quote reply = quote(random, room(person), person.done, person.name, words(person));
                sent.add(reply.sent());
                int before = fromBot(person).size();
                Optional<DmClient.Encrypted> encrypted = person.client.encrypted();
                // In a thread under the question, a client names the thread's latest message, often
                // the person's own, as the reply for clients without threads. A few encrypted
                // clients put a reply's relation inside the ciphertext rather than beside it.
                person.events.add(switch (random.nextInt(encrypted.isPresent() ? 4 : 3)) {
                    case 0 -> person.client.inThread(person.room, reply.eventId(), reply.sent().words());
                    case 3 -> encrypted.orElseThrow().replyToWithRelationInside(person.room, reply.eventId(), reply.sent().words());
                    default -> person.client.replyTo(person.room, reply.eventId(), reply.sent().words());
                });
                settle();
                assertNotRefused(person, before, reply.sent());
                continue;
            }
            Optional<DmClient.Encrypted> encrypted = person.client.encrypted();
            if (encrypted.isPresent() && !person.events.isEmpty() && random.nextInt(8) == 0) {
                // The same ciphertext posted again as a new event: nothing the bot may file twice or act on again.
                encrypted.get().replay(person.room, person.events.get(random.nextInt(person.events.size())));
                settle();
                continue;
            }
            if (encrypted.isPresent() && stormy && random.nextInt(5) == 0) {
                // Its room key comes at a random later moment: the bot cannot read it before, and
                // by then the question may have moved on, so it is owed nothing. Not in a calm run:
                // whether the bot stops waiting for the key first depends on how long steps take.
                String words = screen.question() >= FIRST_TEXT ? words(person) : "skip";
                sent.add(new Sent(words, person.name, screen.partner(), screen.question(), Mode.LATE_KEY, false));
                E2eeDevice.HeldKey key = encrypted.get().sayWithLateKey(person.room, words);
                person.events.add(key.eventId());
                lateKeyLines.add(key.eventId());
                held.add(key);
                if (TOKEN.matcher(words).matches() && random.nextInt(3) > 0) {
                    editLater.add(key.eventId());
                }
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
            person.events.add(person.client.say(person.room, words));
            if (typing.nextInt(4) == 0 && stormy) {
                // A second line typed a moment later: the bot's next question may reach the room before it or after.
                Thread.sleep(typing.nextInt(60));
                String line = screen.question() >= FIRST_TEXT ? words(person) : "skip";
                String second = person.client.say(person.room, line);
                person.events.add(second);
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
        held.forEach(E2eeDevice.HeldKey::release);
        held.clear();
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

        if (stormy && seed % 2 == 0) {
            assertTrue(standIn.requests().stream().anyMatch(r -> r.path().endsWith("/messages")),
                    "with short sync timelines the bot never paged back: the run did not attack what it meant to");
        }
        Map<String, List<String>> shown = new LinkedHashMap<>();
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (Person person : people.values()) {
            shown.put(person.name, person.client.fromBotContents(person.room));
            transcripts.put(person.name, transcript(person));
        }
        if (transport == Transport.ENCRYPTED) {
            for (Person reader : people.values()) {
                for (Person owner : people.values()) {
                    if (reader != owner) {
                        // Rule 6 down to the keys: a room key the bot shared beyond a DM would open it to another device.
                        assertEquals(List.of(), reader.client.room(owner.room).stream().filter(Line::fromBot).map(Line::body).toList(),
                                reader.name + "'s device can read what the bot wrote in " + owner.name + "'s DM");
                    }
                }
            }
        }
        return new Result(seed, shown, transcripts, List.copyOf(sent), List.copyOf(deleted));
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
            String typed = person.client.say(person.room, words);
            person.events.add(typed);
            if (random.nextInt(4) == 0) {
                // Deleted before the bot is back, it comes to the bot with nothing left of it: owed nothing.
                noteDeleted(person, words);
                person.client.redact(person.room, typed);
                sent.add(new Sent(words, person.name, screen.get().partner(), question, Mode.IN_TIME, false));
            } else {
                Sent answer = new Sent(words, person.name, screen.get().partner(), question, Mode.IN_TIME, question >= FIRST_TEXT);
                sent.add(answer);
                answers.put(person, answer);
                before.put(person, fromBot(person).size());
            }
            if (random.nextInt(3) == 0) {
                String line = question >= FIRST_TEXT ? words(person) : "skip";
                String second = person.client.say(person.room, line);
                person.events.add(second);
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

    /**
     * {@code person} edits their line to new words. While its check-in is not sent, an answer it gave
     * becomes those: the old words are as good as deleted, and the new ones count as written where
     * the line was.
     */
    private void edit(Person person, Line line) throws InterruptedException {
        String was = current.getOrDefault(line.eventId(), line.body());
        String now = words(person);
        sent.stream().filter(s -> s.words().equals(was) && s.person().equals(person.name)).findFirst()
                .ifPresent(s -> sent.add(new Sent(now, person.name, s.partner(), s.question(), Mode.EDIT, false)));
        noteDeleted(person, was);
        current.put(line.eventId(), now);
        int before = fromBot(person).size();
        person.client.edit(person.room, line.eventId(), now);
        settle();
        List<String> all = fromBot(person);
        List<String> said = all.subList(before, all.size());
        // A line the bot had not read for want of its key is read as the edit's words, with whatever reading it brings.
        assertTrue(lateKeyLines.contains(line.eventId()) ? !said.isEmpty() : said.stream()
                        .anyMatch(m -> m.contains("changed it to match") || m.startsWith("Editing that message changes nothing")),
                "no word on an edit: " + said);
    }

    /**
     * Notes that {@code person} deletes their line {@code words} now: when those are words they
     * wrote for a check-in they have not sent, no answer may come of them from here on.
     */
    private void noteDeleted(Person person, String words) {
        sent.stream().filter(s -> s.words().equals(words) && TOKEN.matcher(words).matches())
                .filter(s -> s.person().equals(person.name) && !person.done.contains(s.partner()))
                .findFirst()
                .ifPresent(s -> deleted.add(new Deleted(person.name, words, transcript(person).length())));
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

    /** The person's DM in the room's order, as their client reads it. */
    private static List<Line> room(Person person) {
        return person.client.room(person.room);
    }

    private static String transcript(Person person) {
        return TypedRepliesOracle.transcript(room(person));
    }

    private static List<String> fromBot(Person person) {
        return room(person).stream().filter(Line::fromBot).map(Line::body).toList();
    }

    /** What the person's screen shows now: the bot's latest step of a check-in they have not finished. */
    private Optional<Screen> screen(Person person) {
        return latestStep(transcript(person)).filter(s -> !person.done.contains(s.partner()));
    }

    private void run(Person person, String words) throws InterruptedException {
        String event = person.client.say(person.room, words);
        if (!PRIVATE.matcher(words).matches()) {
            // Which events may be posted again must not depend on how many answers the person kept private.
            person.events.add(event);
        }
        settle();
    }

    /** Waits until the bot has handled everything and delivered what it had to say. */
    private void settle() throws InterruptedException {
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
    }
}
