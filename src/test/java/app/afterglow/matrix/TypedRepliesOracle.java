package app.afterglow.matrix;

import app.afterglow.testing.MatrixTestBot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Rule 7 as the Matrix replies models judge it, from what people wrote and what the bot showed
 * them, never from the bot's own records: every answer the bot files (as each person's own review
 * shows it, and as the reveals show it to both) must be words that person wrote while that very
 * question of that very check-in was on their screen; no words are filed twice or in another
 * check-in; and an answer the rule owes a place (written in time at the question on screen, or
 * replied with the client's reply feature to the question its check-in is at) is never lost. And,
 * rule 3, a reveal shows exactly the answers of the questions both answered and both chose to share,
 * as each one's latest review showed their answers and choices. A message its writer deleted
 * before sending its check-in gave no answer: its words are never shown again in a review, never
 * revealed, and owed nothing, and its question counts as unanswered. A message edited before then
 * is as good as deleted; its new words count as written where it was.
 * People answer aftercare check-ins, whose free-text questions from {@link #FIRST_TEXT} on carry
 * words the oracle can trace; a choice question is answered {@code skip}.
 */
final class TypedRepliesOracle {
    static final int QUESTIONS = 7;
    static final int FIRST_TEXT = 4;
    private static final Pattern QUESTION = Pattern.compile("\\*\\* Aftercare with (\\S+) · (\\d+) of 7 \\*\\*");
    private static final Pattern REVIEW = Pattern.compile("\\*\\* Aftercare with (\\S+) · your answers before you send them \\*\\*");
    private static final Pattern FILED = Pattern.compile("(?m)^(\\d+)\\. .*\\n\\s+> (\\S+)\\n(.*)$");
    private static final Pattern REVEALED = Pattern.compile("(?m)^\\s+> (\\S+): (\\S+)$");
    private static final Pattern REVEAL = Pattern.compile("\\*\\* Aftercare with (\\S+) · what you both shared \\*\\*");

    private TypedRepliesOracle() {
    }

    /**
     * How a message went out. {@code SECOND_LINE} follows an in-time one at once, before the bot
     * can answer; {@code LATE_KEY} and {@code REPLAY} are encrypted messages whose key comes late
     * and copies of earlier events; {@code REPLY_TO} quotes one of the bot's questions; {@code EDIT}
     * is the new words of an earlier message, written where that one was.
     */
    enum Mode { IN_TIME, LATE_KEY, REPLAY, SECOND_LINE, REPLY_TO, EDIT }

    /**
     * One message a person sent while {@code question} of the check-in with {@code partner} was on
     * their screen (or quoted, for a reply); {@code owed} when the rule says it must be filed.
     */
    record Sent(String words, String person, String partner, int question, Mode mode, boolean owed) {
    }

    /**
     * {@code person} deleted their message with {@code words} before sending the check-in it was
     * written for, when their transcript was {@code from} characters long.
     */
    record Deleted(String person, String words, int from) {
    }

    /** One message of a DM, in the room's order. */
    record Line(String eventId, String sender, String body) {
        boolean fromBot() {
            return sender.equals(MatrixTestBot.BOT);
        }
    }

    /** A question (1 to 7) or the review ({@link #QUESTIONS} + 1) of the check-in with {@code partner}. */
    record Screen(String partner, int question, boolean review) {
    }

    /** A question of the bot's as the room shows it, with the event that carries it. */
    record Asked(String eventId, String partner, int question) {
    }

    /** Everything the bot said in the room, in order, as one text. */
    static String transcript(List<Line> room) {
        StringBuilder text = new StringBuilder();
        room.stream().filter(Line::fromBot).forEach(line -> text.append(line.body()).append('\n'));
        return text.toString();
    }

    /** The bot's latest step in the room before the event {@code eventId}, in the room's order. */
    static Optional<Screen> screenBefore(List<Line> room, String eventId) {
        StringBuilder before = new StringBuilder();
        for (Line line : room) {
            if (line.eventId().equals(eventId)) {
                break;
            }
            if (line.fromBot()) {
                before.append(line.body()).append('\n');
            }
        }
        return latestStep(before.toString());
    }

    /** The latest question or review in {@code transcript}, of any check-in. */
    static Optional<Screen> latestStep(String transcript) {
        Matcher question = QUESTION.matcher(transcript);
        Matcher review = REVIEW.matcher(transcript);
        Optional<Screen> last = Optional.empty();
        int at = -1;
        while (question.find()) {
            at = question.start();
            last = Optional.of(new Screen(question.group(1), Integer.parseInt(question.group(2)), false));
        }
        while (review.find()) {
            if (review.start() > at) {
                at = review.start();
                last = Optional.of(new Screen(review.group(1), QUESTIONS + 1, true));
            }
        }
        return last;
    }

    /** The latest step of the check-in with {@code partner} that the transcript shows. */
    static Optional<Screen> latestStepWith(String transcript, String partner) {
        Optional<Screen> last = Optional.empty();
        int at = -1;
        Matcher question = QUESTION.matcher(transcript);
        while (question.find()) {
            if (question.group(1).equals(partner)) {
                at = question.start();
                last = Optional.of(new Screen(partner, Integer.parseInt(question.group(2)), false));
            }
        }
        Matcher review = REVIEW.matcher(transcript);
        while (review.find()) {
            if (review.group(1).equals(partner) && review.start() > at) {
                at = review.start();
                last = Optional.of(new Screen(partner, QUESTIONS + 1, true));
            }
        }
        return last;
    }

    /** Each of the bot's questions in the room, in order. */
    static List<Asked> questions(List<Line> room) {
        List<Asked> asked = new ArrayList<>();
        for (Line line : room) {
            Matcher question = QUESTION.matcher(line.body());
            if (line.fromBot() && question.find()) {
                asked.add(new Asked(line.eventId(), question.group(1), Integer.parseInt(question.group(2))));
            }
        }
        return asked;
    }

    /** A reply {@code sent} with the client's reply feature to the bot's event {@code eventId}. */
    record Quote(String eventId, Sent sent) {
    }

    /**
     * {@code person}'s reply with {@code words} to a question of the bot's, quoting half the time
     * one whose check-in is still at it (on screen or not), else any the room shows; the rule owes
     * it a place when its check-in is still at that question and it asks for words.
     */
    static Quote quote(Random random, List<Line> room, Set<String> done, String person, String words) {
        String transcript = transcript(room);
        List<Asked> asked = questions(room);
        List<Asked> atNow = asked.stream().filter(a -> isCurrent(transcript, done, a)).toList();
        List<Asked> from = atNow.isEmpty() || random.nextBoolean() ? asked : atNow;
        Asked quoted = from.get(random.nextInt(from.size()));
        return new Quote(quoted.eventId(), new Sent(words, person, quoted.partner(), quoted.question(), Mode.REPLY_TO,
                quoted.question() >= FIRST_TEXT && isCurrent(transcript, done, quoted)));
    }

    /** Whether the check-in {@code asked} belongs to is still at that question, as the transcript shows. */
    private static boolean isCurrent(String transcript, Set<String> done, Asked asked) {
        return !done.contains(asked.partner()) && latestStepWith(transcript, asked.partner())
                .equals(Optional.of(new Screen(asked.partner(), asked.question(), false)));
    }

    /** Whether the bot answered a reply the rule owes a place as one for an earlier step, in {@code said}. */
    static boolean refused(List<String> said, Sent reply) {
        return said.stream().anyMatch(m -> m.contains("earlier step") && m.contains(reply.words()));
    }

    /** One answer as a review showed it: the words, and whether its writer chose to share them. */
    record Item(String words, boolean shared) {
    }

    /** Each check-in's answers, by partner and question number, as the person's latest review of it shows them. */
    static Map<String, Map<Integer, Item>> reviews(String transcript) {
        Map<String, Map<Integer, Item>> reviews = new HashMap<>();
        Matcher review = REVIEW.matcher(transcript);
        while (review.find()) {
            Map<Integer, Item> items = new TreeMap<>();
            Matcher filed = FILED.matcher(block(transcript, review.end()));
            while (filed.find()) {
                items.put(Integer.parseInt(filed.group(1)), new Item(filed.group(2), filed.group(3).contains("Shared")));
            }
            reviews.put(review.group(1), items);
        }
        return reviews;
    }

    /** The transcript from {@code from} up to the next message's title. */
    private static String block(String transcript, int from) {
        int end = transcript.indexOf("** ", from);
        return transcript.substring(from, end < 0 ? transcript.length() : end);
    }

    /** Judges every person's transcript (by name) against everything sent, and deleted. */
    static void judge(Map<String, String> transcripts, List<Sent> sent, List<Deleted> deleted) {
        Map<String, Sent> byWords = new HashMap<>();
        sent.stream().filter(s -> !s.words().equals("skip")).forEach(s -> byWords.put(s.words(), s));
        Set<String> taken = new HashSet<>();
        for (Deleted d : deleted) {
            taken.add(d.words());
            String after = transcripts.get(d.person()).substring(d.from());
            reviews(after).forEach((partner, items) -> items.values().forEach(item -> assertNotEquals(d.words(), item.words(),
                    d.person() + "'s review with " + partner + ", shown after they deleted the message, still holds its words: "
                            + byWords.get(d.words()))));
        }
        Set<String> filedOnce = new HashSet<>();
        for (Map.Entry<String, String> of : transcripts.entrySet()) {
            String person = of.getKey();
            String transcript = of.getValue();
            for (Map.Entry<String, Map<Integer, Item>> kept : reviews(transcript).entrySet()) {
                String partner = kept.getKey();
                for (Map.Entry<Integer, Item> item : kept.getValue().entrySet()) {
                    int question = item.getKey();
                    String words = item.getValue().words();
                    Sent origin = byWords.get(words);
                    if (origin == null) {
                        fail(person + "'s review of the check-in with " + partner + " holds words nobody wrote: " + words);
                    }
                    assertEquals(List.of(origin.person(), origin.partner(), origin.question()),
                            List.of(person, partner, question),
                            "words filed (person, partner, question) where they were not written: " + origin);
                    assertTrue(filedOnce.add(words), "filed twice: " + origin);
                }
                for (Sent s : sent) {
                    if (s.owed() && !taken.contains(s.words()) && s.person().equals(person) && s.partner().equals(partner)) {
                        // Filed, a question moves on: nothing else could have taken the place it was owed.
                        Item filed = kept.getValue().get(s.question());
                        assertTrue(filed != null && filed.words().equals(s.words()),
                                "an answer the rule owes a place was lost: " + s + (filed == null ? "" : ", filed instead: " + filed));
                    }
                }
            }
            Matcher anyQuote = REVEALED.matcher(transcript);
            while (anyQuote.find()) {
                String who = anyQuote.group(1).equals("You") ? person : anyQuote.group(1);
                Sent origin = byWords.get(anyQuote.group(2));
                assertTrue(origin != null && origin.person().equals(who)
                                && (origin.partner().equals(person) || who.equals(person)),
                        person + " was shown words that are not " + who + "'s for this check-in: " + anyQuote.group());
                assertFalse(taken.contains(anyQuote.group(2)), person + " was shown words their writer deleted before sending: "
                        + anyQuote.group());
            }
            Matcher reveal = REVEAL.matcher(transcript);
            while (reveal.find()) {
                String partner = reveal.group(1);
                Set<String> shown = new HashSet<>();
                Matcher revealed = REVEALED.matcher(block(transcript, reveal.end()));
                while (revealed.find()) {
                    shown.add((revealed.group(1).equals("You") ? person : revealed.group(1)) + ": " + revealed.group(2));
                }
                assertEquals(bothShared(transcripts, person, partner, taken), shown, person + "'s reveal of the check-in with "
                        + partner + " is not exactly the answers both shared, as their reviews showed them");
            }
        }
    }

    /**
     * Every answer of a question both partners answered and chose to share, as each one's latest
     * review shows it; an answer whose message was deleted ({@code taken}) leaves its question unanswered.
     */
    private static Set<String> bothShared(Map<String, String> transcripts, String person, String partner, Set<String> taken) {
        Map<Integer, Item> mine = reviews(transcripts.get(person)).getOrDefault(partner, Map.of());
        Map<Integer, Item> theirs = reviews(transcripts.getOrDefault(partner, "")).getOrDefault(person, Map.of());
        Set<String> both = new HashSet<>();
        for (Map.Entry<Integer, Item> item : mine.entrySet()) {
            Item other = theirs.get(item.getKey());
            if (item.getValue().shared() && other != null && other.shared()
                    && !taken.contains(item.getValue().words()) && !taken.contains(other.words())) {
                both.add(person + ": " + item.getValue().words());
                both.add(partner + ": " + other.words());
            }
        }
        return both;
    }

    /** An index drawn with the given weights. */
    static int pick(Random random, int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
