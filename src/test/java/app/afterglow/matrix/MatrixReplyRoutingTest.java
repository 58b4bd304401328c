package app.afterglow.matrix;

import app.afterglow.core.CoreSettings;
import app.afterglow.testing.MatrixPair;
import app.afterglow.testing.MatrixTestBot;
import app.afterglow.testing.TestBot;
import app.afterglow.testing.matrix.SimulatedUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static app.afterglow.matrix.Conversations.WAIT;
import static app.afterglow.matrix.Conversations.await;
import static app.afterglow.matrix.Conversations.body;
import static app.afterglow.matrix.Conversations.fromBot;
import static app.afterglow.matrix.Conversations.joinBotsDm;
import static app.afterglow.matrix.Conversations.say;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over Matrix, a typed reply answers exactly the check-in step its writer was last shown, or the
 * question they replied to with their client's reply feature: the scenarios that once filed
 * words in the wrong check-in, with three people.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MatrixReplyRoutingTest {
    private static final String BOB = "@bob:local";
    private static final String CAROL = "@carol:local";

    @RegisterExtension
    final MatrixPair matrix = MatrixPair.unstarted();
    MatrixTestBot bot;
    SimulatedUser alice;
    SimulatedUser bob;
    SimulatedUser carol;
    String aliceRoom;
    String bobRoom;
    String carolRoom;

    private void start(CoreSettings settings, Instant at) throws InterruptedException {
        alice = matrix.alice();
        bob = matrix.bob();
        carol = matrix.standIn().register(CAROL, "Carol");
        bot = matrix.bot(settings, at).start();
        List<String> rooms = Conversations.partners(alice, bob);
        aliceRoom = rooms.get(0);
        bobRoom = rooms.get(1);
        alice.say(aliceRoom, "!afterglow partner invite " + CAROL);
        carolRoom = joinBotsDm(carol, "would like to be check-in partners");
        carol.say(carolRoom, "!afterglow partner accept");
        await(alice, "Carol said yes");
    }

    private void start() throws InterruptedException {
        start(CoreSettings.defaults(), TestBot.START);
    }

    /** Alice answers the first question of Carol's follow-up; returns the event id of her answer. */
    private String atCarolsSecondQuestion() throws InterruptedException {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + CAROL);
        await(alice, "Checking in with Carol · 1 of 3");
        String mine = alice.say(aliceRoom, "1");
        await(alice, "Checking in with Carol · 2 of 3");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        return mine;
    }

    /**
     * Alice at the second question of Carol's follow-up and then of Bob's, having answered the first
     * of each (1 for Carol, 3 for Bob); returns those two answers' events, Carol's first.
     */
    private List<String> atBothSecondQuestions() throws InterruptedException {
        String forCarol = atCarolsSecondQuestion();
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        String forBob = alice.say(aliceRoom, "3");
        await(alice, "Checking in with Bob · 2 of 3");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        return List.of(forCarol, forBob);
    }

    private static boolean anyFromBot(SimulatedUser who, String fragment) {
        return fromBot(who).stream().anyMatch(b -> b.contains(fragment));
    }

    @Test
    @DisplayName("GIVEN Alice answering Bob's follow-up WHEN Carol starts one with her THEN it waits its turn, and "
            + "the words Alice types with Bob's question on screen never reach Carol")
    void wordsTypedForBobNeverReachCarol() throws Exception {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        say(alice, aliceRoom, "1");
        carol.say(carolRoom, "!afterglow checkin followup");
        await(carol, "Checking in with Alice · 1 of 3");
        await(alice, "Checking in with Carol · waiting for you");
        say(alice, aliceRoom, "SECRET-FOR-BOB", "skip", "share all", "submit");
        await(alice, "Checking in with Carol · 1 of 3");
        say(carol, carolRoom, "1", "hi", "hi", "share all", "submit");
        await(carol, "When Alice has finished too");
        assertFalse(anyFromBot(carol, "SECRET-FOR-BOB"), "Carol: " + fromBot(carol));
        assertTrue(anyFromBot(alice, "Checking in with Bob · your answers"), "Alice: " + fromBot(alice));
    }

    @Test
    @DisplayName("GIVEN Alice with Carol's review on screen WHEN she says submit THEN Carol's check-in is sent, not "
            + "the one with Bob, and Bob sees nothing of hers")
    void submitActsOnTheReviewOnScreen() throws Exception {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + CAROL);
        await(alice, "Checking in with Carol · 1 of 3");
        say(alice, aliceRoom, "1", "carol-only words", "skip");
        alice.say(aliceRoom, "!afterglow session end " + BOB);
        await(alice, "Aftercare with Bob · 1 of 7");
        await(bob, "Aftercare with Alice · 1 of 7");
        say(alice, aliceRoom, "5", "1", "skip", "BOB-Q4-WORDS", "skip", "skip", "skip", "share all");
        alice.say(aliceRoom, "!afterglow checkin followup " + CAROL);
        await(alice, "Checking in with Carol · your answers");
        say(alice, aliceRoom, "submit");
        await(alice, "When Carol has finished too");
        say(bob, bobRoom, "5", "skip", "skip", "bob enjoyed", "skip", "skip", "skip", "share all", "submit");
        await(bob, "When Alice has finished too");
        assertFalse(anyFromBot(bob, "what you both shared"), "Alice never sent hers with Bob: " + fromBot(bob));
        assertFalse(anyFromBot(bob, "carol-only words"));
        assertFalse(anyFromBot(bob, "BOB-Q4-WORDS"));
    }

    @Test
    @DisplayName("GIVEN a follow-up that opens in quiet hours while Alice is mid-aftercare WHEN she next writes THEN "
            + "she is told, the aftercare it supersedes reveals nothing, and words typed for it never reach the follow-up")
    void followupOpeningInQuietHoursSupersedesTheAftercare() throws Exception {
        // Ended at 04:00, the follow-up is due at midnight, inside the default quiet hours (22:00–08:00 UTC).
        start(CoreSettings.defaults(), Instant.parse("2026-11-20T04:00:00Z"));
        alice.say(aliceRoom, "!afterglow session end " + BOB);
        await(alice, "Aftercare with Bob · 1 of 7");
        await(bob, "Aftercare with Alice · 1 of 7");
        say(alice, aliceRoom, "5", "1");
        bot.advance(Duration.ofHours(21));
        assertFalse(anyFromBot(alice, "Checking in with Bob"), "nothing of it before she writes: " + fromBot(alice));
        say(alice, aliceRoom, "ALICE-AFTERCARE-WORDS");
        await(alice, "Aftercare with Bob isn't taking answers any more");
        await(alice, "Checking in with Bob · 1 of 3");
        say(alice, aliceRoom, "1", "ALICE-FOLLOWUP-WORDS", "skip", "share all", "submit");
        say(bob, bobRoom, "skip");
        await(bob, "Checking in with Alice · 1 of 3");
        say(bob, bobRoom, "2", "bob felt fine", "skip", "share all", "submit");
        String followup = body(await(bob, "Checking in with Alice · what you both shared"));
        List<String> toBob = fromBot(bob);
        int confirmed = toBob.indexOf("Thank you — that's sent.");
        assertTrue(confirmed >= 0 && confirmed < toBob.indexOf(followup),
                "Bob's own confirmation comes before the reveal: " + toBob);
        assertTrue(followup.contains("Alice: ALICE-FOLLOWUP-WORDS"), followup);
        assertFalse(anyFromBot(bob, "ALICE-AFTERCARE-WORDS"), "Bob: " + toBob);
        assertFalse(anyFromBot(bob, "Aftercare with Alice · what you both shared"), "the superseded aftercare reveals nothing");
    }

    @Test
    @DisplayName("GIVEN Carol's question on screen WHEN Alice replies, with her client's reply feature, to Bob's "
            + "question THEN her words answer Bob's question; a reply to a question already answered is not filed")
    void replyFeatureBindsToTheQuestionRepliedTo() throws Exception {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        String bobsFirst = alice.newestEventId(m -> body(m).contains("Checking in with Bob · 1 of 3")).orElseThrow();
        say(alice, aliceRoom, "1");
        String bobsSecond = alice.newestEventId(m -> body(m).contains("Checking in with Bob · 2 of 3")).orElseThrow();
        alice.say(aliceRoom, "!afterglow checkin followup " + CAROL);
        await(alice, "Checking in with Carol · 1 of 3");

        String answered = body(alice.replyAndAwaitReply(aliceRoom, bobsSecond, "VIA-REPLY-FOR-BOB", WAIT));
        assertTrue(answered.contains("Checking in with Bob · 3 of 3"), answered);
        String stale = body(alice.replyAndAwaitReply(aliceRoom, bobsFirst, "LATE-FOR-BOB", WAIT));
        assertTrue(stale.contains("earlier step of Checking in with Bob"), stale);

        say(alice, aliceRoom, "skip", "share all", "submit");
        say(bob, bobRoom, "1", "bob words", "skip", "share all", "submit");
        String reveal = body(await(bob, "Checking in with Alice · what you both shared"));
        assertTrue(reveal.contains("Alice: VIA-REPLY-FOR-BOB"), reveal + "\nALICE: " + fromBot(alice) + "\nBOB: " + fromBot(bob));
        assertFalse(reveal.contains("LATE-FOR-BOB"), reveal);
        assertFalse(anyFromBot(carol, "VIA-REPLY-FOR-BOB"));
        assertEquals(0, fromBot(carol).stream().filter(b -> b.contains("LATE-FOR-BOB")).count());
    }

    @Test
    @DisplayName("GIVEN Bob's question, which reached Alice's room though every answer to its send was lost, then "
            + "Carol's question on screen WHEN Alice replies to Bob's question with her client's reply feature THEN her "
            + "words answer Bob's question and never Carol's")
    void replyToAQuestionWhoseSendLostItsAnswersAnswersThatQuestion() throws Exception {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        // Every try the client makes of the next send takes effect, and each answer is lost.
        matrix.standIn().failNextAfterHandling(4, 500, "/send/");
        say(alice, aliceRoom, "1");
        String bobsSecond = alice.newestEventId(m -> body(m).contains("Checking in with Bob · 2 of 3")).orElseThrow();
        alice.say(aliceRoom, "!afterglow checkin followup " + CAROL);
        await(alice, "Checking in with Carol · 1 of 3");
        say(alice, aliceRoom, "1");
        await(alice, "Checking in with Carol · 2 of 3");

        String answered = body(alice.replyAndAwaitReply(aliceRoom, bobsSecond, "VIA-REPLY-FOR-BOB", WAIT));
        assertTrue(answered.contains("Checking in with Bob · 3 of 3"), answered);
        String carols = body(alice.sayAndAwaitReply(aliceRoom, "!afterglow checkin resume " + CAROL, WAIT));
        assertTrue(carols.contains("Checking in with Carol · 2 of 3"), carols);
        say(alice, aliceRoom, "skip", "skip", "share all", "submit");
        say(carol, carolRoom, "1", "carol words", "skip", "share all", "submit");
        String reveal = body(await(carol, "Checking in with Alice · what you both shared"));
        assertFalse(reveal.contains("VIA-REPLY-FOR-BOB"), reveal);
    }

    @Test
    @DisplayName("GIVEN a question of Bob's check-in from so many steps back that the bot no longer keeps what it "
            + "showed, and Carol's question on screen WHEN Alice replies to that old question with her client's reply "
            + "feature THEN her words are not filed under Carol's question: she is asked which check-in, and they stay hers")
    void replyToAQuestionTooOldToPlaceIsNotFiledUnderTheOneOnScreen() throws Exception {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        String oldest = alice.newestEventId(m -> body(m).contains("Checking in with Bob · 1 of 3")).orElseThrow();
        for (int i = 0; i < MatrixState.SHOWN_KEPT; i++) {
            say(alice, aliceRoom, i % 2 == 0 ? "1" : "back");
        }
        alice.say(aliceRoom, "!afterglow checkin followup " + CAROL);
        await(alice, "Checking in with Carol · 1 of 3");
        say(alice, aliceRoom, "1");
        await(alice, "Checking in with Carol · 2 of 3");

        String answer = body(alice.replyAndAwaitReply(aliceRoom, oldest, "OLD-REPLY", WAIT));
        assertTrue(answer.contains("not sure which check-in that was for") && answer.contains("OLD-REPLY"), answer);
        assertFalse(answer.contains("Checking in with Carol · 3 of 3"), answer);
        say(alice, aliceRoom, "carol words", "skip");
        String review = fromBot(alice).stream().filter(b -> b.contains("Checking in with Carol · your answers"))
                .reduce((first, last) -> last).orElseThrow();
        assertTrue(review.contains("carol words"), review);
        assertFalse(review.contains("OLD-REPLY"), review);
    }

    @Test
    @DisplayName("GIVEN Carol's question on screen WHEN Alice replies, with her client's reply feature, to a message "
            + "of her own THEN her words answer the question on screen, as any typed line does")
    void replyToOnesOwnMessageAnswersTheQuestionOnScreen() throws Exception {
        String mine = atCarolsSecondQuestion();

        String answer = body(alice.replyAndAwaitReply(aliceRoom, mine, "ABOUT-MY-ONE", WAIT));
        assertTrue(answer.contains("Checking in with Carol · 3 of 3"), answer);
    }

    @Test
    @DisplayName("GIVEN Alice answered Carol's question in a thread under it, then started a check-in with Bob, whose "
            + "question is on screen WHEN she writes in that thread again THEN her words answer no question of Bob's: "
            + "the thread is about Carol's question, which has moved on, and she gets them back")
    void messageInAThreadIsAboutTheQuestionTheThreadIsUnder() throws Exception {
        atCarolsSecondQuestion();
        String carols = alice.newestEventId(m -> body(m).contains("Checking in with Carol · 2 of 3")).orElseThrow();
        alice.inThread(aliceRoom, carols, "IN-THE-THREAD");
        await(alice, "Checking in with Carol · 3 of 3");
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        say(alice, aliceRoom, "1");
        await(alice, "Checking in with Bob · 2 of 3");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        int before = fromBot(alice).size();

        // A client names the thread's latest message, Alice's own, as the fallback reply.
        alice.inThread(aliceRoom, carols, "AGAIN-IN-THE-THREAD");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        String answer = String.join("\n", fromBot(alice).subList(before, fromBot(alice).size()));
        assertTrue(answer.contains("earlier step of Checking in with Carol") && answer.contains("AGAIN-IN-THE-THREAD"), answer);
        assertFalse(answer.contains("Checking in with Bob · 3 of 3"), answer);
        // Told where Carol's check-in is, that is what she is answering now.
        assertTrue(answer.contains("Checking in with Carol · 3 of 3"), answer);
        say(alice, aliceRoom, "skip");
        String carolsReview = lastFromBot("Checking in with Carol · your answers");
        assertTrue(carolsReview.contains("IN-THE-THREAD") && !carolsReview.contains("AGAIN-IN-THE-THREAD"), carolsReview);
        alice.say(aliceRoom, "!afterglow checkin resume " + BOB);
        await(alice, "Checking in with Bob · 2 of 3");
        say(alice, aliceRoom, "bob words", "skip");
        String bobsReview = lastFromBot("Checking in with Bob · your answers");
        assertTrue(bobsReview.contains("bob words"), bobsReview);
        assertFalse(bobsReview.contains("THE-THREAD"), bobsReview);
    }

    private String lastFromBot(String fragment) {
        return fromBot(alice).stream().filter(b -> b.contains(fragment)).reduce((first, last) -> last).orElseThrow();
    }

    @Test
    @DisplayName("GIVEN Alice answered the first question of both Bob's and Carol's check-ins WHEN she deletes her "
            + "answer's message in Carol's THEN that answer is taken back and she is told so, Bob's stays and Carol hears "
            + "nothing; once a check-in is sent, deleting changes nothing and says so; deleting the bot's own question asks "
            + "for no word")
    void deletingAnAnswersMessageTakesItBackUntilTheCheckinIsSent() throws Exception {
        List<String> answered = atBothSecondQuestions();
        String forCarol = answered.get(0);
        String forBob = answered.get(1);
        int carolHad = fromBot(carol).size();

        alice.redact(aliceRoom, forCarol);
        String notice = body(await(alice, "taken it back"));
        assertTrue(notice.contains("question 1 of Checking in with Carol") && notice.contains("edit 1"), notice);
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertEquals(carolHad, fromBot(carol).size(), "Carol: " + fromBot(carol));

        say(alice, aliceRoom, "bob two", "skip");
        String bobs = lastFromBot("Checking in with Bob · your answers");
        assertTrue(bobs.contains("1. ") && !bobs.substring(bobs.indexOf("1. "), bobs.indexOf("2. ")).contains("(skipped)"),
                "Bob's first answer stays: " + bobs);
        say(alice, aliceRoom, "submit");
        alice.redact(aliceRoom, forBob);
        assertTrue(body(await(alice, "changes nothing I keep")).contains("stays as it was sent"));

        alice.say(aliceRoom, "!afterglow checkin resume " + CAROL);
        await(alice, "Checking in with Carol · 2 of 3");
        say(alice, aliceRoom, "carol two", "skip");
        String carols = lastFromBot("Checking in with Carol · your answers");
        assertTrue(carols.substring(carols.indexOf("1. "), carols.indexOf("2. ")).contains("(skipped)"),
                "Carol's first answer was taken back: " + carols);

        // Tidying away the bot's own question asks for no word.
        int aliceHad = fromBot(alice).size();
        alice.redact(aliceRoom, alice.newestEventId(m -> body(m).contains("Checking in with Carol · 2 of 3")).orElseThrow());
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertEquals(aliceHad, fromBot(alice).size(), "Alice: " + fromBot(alice));
    }

    @Test
    @DisplayName("GIVEN Alice answered the first question of both Bob's and Carol's check-ins WHEN she edits her "
            + "answer's message in Carol's THEN that answer becomes the new number and she is told so, Bob's stays and "
            + "Carol hears nothing; an edit that does not fit the question changes nothing and says why")
    void editingAnAnswersMessageChangesThatAnswerOnly() throws Exception {
        String forCarol = atBothSecondQuestions().get(0);
        int carolHad = fromBot(carol).size();

        alice.edit(aliceRoom, forCarol, "2");
        String said = body(await(alice, "changed it to match"));
        assertTrue(said.contains("question 1 of Checking in with Carol"), said);
        alice.edit(aliceRoom, forCarol, "twelve");
        assertTrue(body(await(alice, "stays as it was")).contains("question 1 of Checking in with Carol"));
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertEquals(carolHad, fromBot(carol).size(), "Carol: " + fromBot(carol));

        say(alice, aliceRoom, "bob two", "skip");
        String bobs = lastFromBot("Checking in with Bob · your answers");
        alice.say(aliceRoom, "!afterglow checkin resume " + CAROL);
        await(alice, "Checking in with Carol · 2 of 3");
        say(alice, aliceRoom, "carol two", "skip");
        String carols = lastFromBot("Checking in with Carol · your answers");
        // Options 1, 2 and 3 of the follow-up's first question are Good, Calm and Close to my partner.
        String carolsFirst = carols.substring(carols.indexOf("1. "), carols.indexOf("2. "));
        String bobsFirst = bobs.substring(bobs.indexOf("1. "), bobs.indexOf("2. "));
        assertTrue(carolsFirst.contains("Calm") && !carolsFirst.contains("Good"), carols);
        assertTrue(bobsFirst.contains("Close to my partner") && !bobsFirst.contains("Calm"), bobs);
    }

    @Test
    @DisplayName("GIVEN Alice at a question of Carol's check-in while the bot is down WHEN she writes an answer and "
            + "deletes it before the bot is back THEN nothing of it is filed, nor answered as something it cannot read: "
            + "she hears that deleting it changed nothing, and the question still waits for her")
    void messageDeletedBeforeTheBotReadItIsNotRead() throws Exception {
        atCarolsSecondQuestion();
        bot.stop();
        alice.redact(aliceRoom, alice.say(aliceRoom, "OOPS-PRIVATE"));
        bot.start();
        await(alice, "changes nothing I keep");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertFalse(anyFromBot(alice, "I can only read text"), "Alice: " + fromBot(alice));
        assertFalse(anyFromBot(alice, "Checking in with Carol · 3 of 3"), "Alice: " + fromBot(alice));

        say(alice, aliceRoom, "carol words", "skip");
        String review = lastFromBot("Checking in with Carol · your answers");
        assertTrue(review.contains("carol words") && !review.contains("OOPS-PRIVATE"), review);
    }

    @Test
    @DisplayName("GIVEN a homeserver that fails to say whose message a reply quotes WHEN Alice replies to a message "
            + "with her client's reply feature THEN her words are not filed under the question on screen: she is asked")
    void replyWhoseQuotedMessageCannotBePlacedIsNotFiled() throws Exception {
        String mine = atCarolsSecondQuestion();
        matrix.standIn().failNext(1, 500, "/event/");

        String answer = body(alice.replyAndAwaitReply(aliceRoom, mine, "UNPLACED", WAIT));
        assertTrue(answer.contains("not sure which check-in that was for") && answer.contains("UNPLACED"), answer);
        assertFalse(answer.contains("Checking in with Carol · 3 of 3"), answer);
    }

    @Test
    @DisplayName("GIVEN Alice at a question of Bob's follow-up, on a homeserver that answers the bot's syncs late WHEN "
            + "she sends her answer and a second message before the next question reaches her THEN the second is not "
            + "filed under the next question: it was written with the one before on screen")
    void messageWrittenBeforeTheNextQuestionCameIsNotFiledUnderIt() throws Exception {
        start();
        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        await(alice, "Checking in with Bob · 1 of 3");
        say(alice, aliceRoom, "1");
        await(alice, "Checking in with Bob · 2 of 3");
        matrix.standIn().answerLate("/sync", Duration.ofMillis(400));

        alice.say(aliceRoom, "FIRST-WORDS");
        // As someone types a second line: after the bot's sync has taken the first, before it is answered.
        Thread.sleep(100);
        alice.say(aliceRoom, "SECOND-WORDS");
        await(alice, "Checking in with Bob · 3 of 3");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        say(alice, aliceRoom, "skip");

        String review = fromBot(alice).stream().filter(b -> b.contains("Checking in with Bob · your answers"))
                .reduce((first, last) -> last).orElseThrow();
        assertTrue(review.contains("FIRST-WORDS"), review);
        assertFalse(review.contains("SECOND-WORDS"), review);
    }

    @Test
    @DisplayName("GIVEN Alice's DM, which has shown no check-in step, on a homeserver that answers the bot's syncs "
            + "late WHEN she opens a follow-up with Bob and at once types an answer THEN the answer is not filed, as "
            + "no question was on screen when she wrote it; she is told and answers the question once it is there")
    void answerTypedBeforeTheFirstQuestionCameIsNotFiled() throws Exception {
        start();
        matrix.standIn().answerLate("/sync", Duration.ofMillis(400));

        alice.say(aliceRoom, "!afterglow checkin followup " + BOB);
        // Typed at once: after the bot's sync has taken the command, before it is answered.
        Thread.sleep(100);
        alice.say(aliceRoom, "1");
        await(alice, "Checking in with Bob · 1 of 3");
        await(alice, "not sure which check-in that was for");
        matrix.standIn().awaitCaughtUp(MatrixTestBot.BOT, WAIT);
        assertFalse(anyFromBot(alice, "Checking in with Bob · 2 of 3"), "Alice: " + fromBot(alice));

        say(alice, aliceRoom, "1");
        await(alice, "Checking in with Bob · 2 of 3");
    }
}
