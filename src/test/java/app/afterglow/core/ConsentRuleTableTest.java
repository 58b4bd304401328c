package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consent rule as a table: for one question, every combination of answered-and-shared,
 * answered-and-private and skipped, submitted or left to expire, for both partners — and what
 * each of them is told, and not told.
 */
class ConsentRuleTableTest {
    enum Choice { SHARED, PRIVATE, SKIPPED }

    private static final String ALICE_WORDS = "alice-marker-quiet-cuddles";
    private static final String BOB_WORDS = "bob-marker-warm-tea";

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Choice a : Choice.values()) {
            for (boolean aSubmits : new boolean[]{true, false}) {
                for (Choice b : Choice.values()) {
                    for (boolean bSubmits : new boolean[]{true, false}) {
                        rows.add(Arguments.of(a, aSubmits, b, bSubmits));
                    }
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "alice {0}, submitted={1}; bob {2}, submitted={3}")
    @MethodSource("table")
    @DisplayName("Each partner sees the other's answer only when both answered, both shared and both submitted in time")
    void revealFollowsTheConsentRule(Choice alice, boolean aliceSubmits, Choice bob, boolean bobSubmits, @TempDir Path dir) {
        try (TestBot bot = new TestBot(dir)) {
            QuestionSet set = TestBot.catalog().standard(CheckinKind.AFTER);
            Question target = set.questions().stream().filter(q -> q.type() == QuestionType.TEXT).findFirst().orElseThrow();
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            bot.inbox("bob");
            play(bot, "alice", set, target, alice, ALICE_WORDS, aliceSubmits);
            play(bot, "bob", set, target, bob, BOB_WORDS, bobSubmits);
            if (!(aliceSubmits && bobSubmits)) {
                bot.advance(Duration.ofHours(49));
            }
            String toAlice = TestBot.plain(bot.inbox("alice"));
            String toBob = TestBot.plain(bot.inbox("bob"));

            boolean revealed = aliceSubmits && bobSubmits;
            boolean mutual = revealed && alice == Choice.SHARED && bob == Choice.SHARED;
            for (String seen : List.of(toAlice, toBob)) {
                assertEquals(revealed, seen.contains("what you both shared"), seen);
                assertEquals(!revealed, seen.contains("Nothing was shared this time."), seen);
                assertEquals(mutual, seen.contains(target.prompt()), seen);
                for (String hint : List.of("private", "kept", "skipp", "declin", "didn't share", "did not")) {
                    assertFalse(seen.toLowerCase().contains(hint), "the reveal hints at what was held back: " + seen);
                }
            }
            assertEquals(mutual, toAlice.contains(BOB_WORDS), toAlice);
            assertEquals(mutual, toBob.contains(ALICE_WORDS), toBob);
            if (mutual) {
                assertTrue(toAlice.contains("You: " + ALICE_WORDS) && toBob.contains("You: " + BOB_WORDS));
            }
        }
    }

    /** Answers only the target question (or skips it), skips the rest, chooses, and maybe submits. */
    static void play(TestBot bot, String who, QuestionSet set, Question target, Choice choice, String words, boolean submit) {
        for (Question q : set.questions()) {
            bot.say(who, q.equals(target) && choice != Choice.SKIPPED ? words : "skip");
        }
        if (choice == Choice.SHARED) {
            List<Message> review = bot.say(who, "share " + (set.indexOf(target.id()) + 1));
            assertTrue(TestBot.plain(review).contains("🤝"), TestBot.plain(review));
        }
        if (submit) {
            bot.say(who, "submit");
        }
    }
}
