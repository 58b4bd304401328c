package app.afterglow.core.checkin;

import app.afterglow.core.checkin.ConsentRule.SharedPair;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Option;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule 3 of the consent rule on {@link ConsentRule} alone, with no storage: a table over one
 * question and random check-ins judged by an oracle written from PRODUCT.md.
 *
 * <p>Whether a check-in is revealed at all is not the rule's to decide: {@code Checkins} asks it
 * only once both partners submitted, an expired or cancelled check-in never reaches it, and
 * {@code History} asks it only about revealed ones. That gate is tested end to end in
 * {@code app.afterglow.core.ConsentRuleTableTest}. So here the progress of both people is taken as
 * submitted, and the rule is held to looking at answers and share choices only: where a person
 * stopped in the check-in (a question, the review, a pause, a need already sent) changes nothing.
 */
class ConsentRuleTest {
    private static final long SEED = 20261120L;
    private static final int RUNS = 1_000;
    private static final int ALICE_PICK = 3;
    private static final int BOB_PICK = 7;

    /** Where one person left one question. */
    enum Left {
        UNANSWERED,
        SKIPPED,
        /** A skip carrying a share flag: the flow never stores one, and the rule must not rely on that. */
        SKIPPED_FLAGGED_SHARED,
        PRIVATE,
        SHARED;

        Progress apply(Progress progress, Question question, Answer given) {
            return switch (this) {
                case UNANSWERED -> progress;
                case SKIPPED -> progress.with(question.id(), Answer.skip());
                case SKIPPED_FLAGGED_SHARED -> progress.with(question.id(), Answer.skip().withShared(true));
                case PRIVATE -> progress.with(question.id(), given);
                case SHARED -> progress.with(question.id(), given.withShared(true));
            };
        }
    }

    static Stream<Arguments> everyCombination() {
        return Arrays.stream(QuestionType.values()).flatMap(type -> Arrays.stream(Left.values())
                .flatMap(alice -> Arrays.stream(Left.values()).map(bob -> Arguments.of(type, alice, bob))));
    }

    @ParameterizedTest(name = "{0}: alice {1}, bob {2}")
    @MethodSource("everyCombination")
    @DisplayName("GIVEN one question left any way by each partner WHEN the rule runs for each THEN both answers are shown side by side only if both answered and both shared")
    void oneQuestion(QuestionType type, Left alice, Left bob) {
        Question question = question("q", type, false);
        QuestionSet set = set(List.of(question));
        Answer alicesAnswer = answer(question, ALICE_PICK);
        Answer bobsAnswer = answer(question, BOB_PICK);
        Progress alicesProgress = alice.apply(Progress.start(), question, alicesAnswer);
        Progress bobsProgress = bob.apply(Progress.start(), question, bobsAnswer);

        List<SharedPair> aliceSees = ConsentRule.mutual(set, alicesProgress, bobsProgress);
        List<SharedPair> bobSees = ConsentRule.mutual(set, bobsProgress, alicesProgress);

        boolean mutual = alice == Left.SHARED && bob == Left.SHARED;
        Answer alicesShared = alicesAnswer.withShared(true);
        Answer bobsShared = bobsAnswer.withShared(true);
        assertEquals(mutual ? List.of(new SharedPair(question, alicesShared, bobsShared)) : List.of(), aliceSees);
        assertEquals(mutual ? List.of(new SharedPair(question, bobsShared, alicesShared)) : List.of(), bobSees);
    }

    @Test
    @DisplayName("GIVEN random check-ins of every question type, left any way by both WHEN the rule runs for each partner THEN it reveals exactly what the oracle allows, in question order")
    void randomCheckinsMatchTheOracle() {
        Random seeds = new Random(SEED);
        int severalRevealed = 0;
        int noneRevealed = 0;
        for (int run = 0; run < RUNS; run++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            QuestionSet set = randomSet(random);
            Side alice = Side.random(set, random);
            Side bob = Side.random(set, random);
            Progress alicesProgress = alice.progress(set, random);
            Progress bobsProgress = bob.progress(set, random);

            List<SharedPair> expected = oracle(set, alice, bob);
            assertEquals(expected, ConsentRule.mutual(set, alicesProgress, bobsProgress), "alice's view, seed " + seed);
            assertEquals(oracle(set, bob, alice), ConsentRule.mutual(set, bobsProgress, alicesProgress),
                    "bob's view, seed " + seed);
            severalRevealed += expected.size() >= 2 ? 1 : 0;
            noneRevealed += expected.isEmpty() ? 1 : 0;
        }
        // Random cases that all reveal nothing, or all one question, would say nothing about order.
        assertTrue(severalRevealed > RUNS / 4 && noneRevealed > RUNS / 20,
                "several revealed in " + severalRevealed + " runs, none in " + noneRevealed);
    }

    /**
     * Rule 3, read from the model rather than from the stored answers: a question of the set is
     * revealed, as both people's answers, exactly when both left it answered and shared.
     */
    private static List<SharedPair> oracle(QuestionSet set, Side mine, Side theirs) {
        List<SharedPair> revealed = new ArrayList<>();
        for (Question question : set.questions()) {
            if (mine.left().get(question.id()) == Left.SHARED && theirs.left().get(question.id()) == Left.SHARED) {
                revealed.add(new SharedPair(question, mine.given().get(question.id()).withShared(true),
                        theirs.given().get(question.id()).withShared(true)));
            }
        }
        return revealed;
    }

    /** One person's part in a random check-in: how they left each question and what they answer to it. */
    private record Side(Map<String, Left> left, Map<String, Answer> given) {
        static Side random(QuestionSet set, Random random) {
            Map<String, Left> left = new LinkedHashMap<>();
            Map<String, Answer> given = new LinkedHashMap<>();
            for (Question question : set.questions()) {
                // Shared half the time, so that many questions end up shared by both.
                left.put(question.id(), random.nextBoolean() ? Left.SHARED
                        : Left.values()[random.nextInt(Left.values().length)]);
                given.put(question.id(), answer(question, random.nextInt(1_000)));
            }
            return new Side(left, given);
        }

        /**
         * The stored progress for this side: answers given in any order, answers to questions the
         * set no longer has (shared, even), and any point of the check-in the person stopped at.
         */
        Progress progress(QuestionSet set, Random random) {
            List<Question> answeringOrder = new ArrayList<>(set.questions());
            Collections.shuffle(answeringOrder, random);
            Progress progress = Progress.start();
            for (Question question : answeringOrder) {
                progress = left.get(question.id()).apply(progress, question, given.get(question.id()));
            }
            for (int stale = random.nextInt(3); stale > 0; stale--) {
                Question gone = question("gone" + stale, QuestionType.TEXT, false);
                progress = Left.SHARED.apply(progress, gone, answer(gone, random.nextInt(1_000)));
            }
            for (Question question : set.questions()) {
                if (question.sendNow() && random.nextBoolean()) {
                    progress = progress.withSent(question.id());
                }
            }
            return progress.at(random.nextInt(set.questions().size() + 1), random.nextBoolean())
                    .paused(random.nextBoolean());
        }
    }

    private static QuestionSet randomSet(Random random) {
        List<Question> questions = IntStream.range(0, 1 + random.nextInt(12))
                .mapToObj(i -> question("q" + i, QuestionType.values()[random.nextInt(QuestionType.values().length)],
                        random.nextInt(4) == 0))
                .toList();
        return set(questions);
    }

    private static QuestionSet set(List<Question> questions) {
        return new QuestionSet("test", CheckinKind.AFTER, "Checking in", "", questions);
    }

    private static Question question(String id, QuestionType type, boolean sendNow) {
        List<Option> options = type == QuestionType.ONE || type == QuestionType.MANY
                ? List.of(new Option("water", "Water"), new Option("blanket", "A blanket"), new Option("quiet", "Quiet"))
                : List.of();
        return new Question(id, type, "How about " + id + "?", "", options, 0, 10, "", "", 500, sendNow);
    }

    /** An unshared answer to the question, chosen by {@code pick}: different picks give different answers. */
    private static Answer answer(Question question, int pick) {
        List<String> keys = question.options().stream().map(Option::key).toList();
        return switch (question.type()) {
            case SCALE -> Answer.ofScale(question.min() + pick % (question.max() - question.min() + 1));
            case ONE -> Answer.ofChoices(List.of(keys.get(pick % keys.size())));
            case MANY -> Answer.ofChoices(manyOf(keys, pick));
            case TEXT -> Answer.ofText("words " + pick);
        };
    }

    private static List<String> manyOf(List<String> keys, int pick) {
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            if ((pick >> i & 1) == 1) {
                chosen.add(keys.get(i));
            }
        }
        return chosen.isEmpty() ? List.of(keys.get(pick % keys.size())) : keys.stream().filter(chosen::contains).toList();
    }
}
