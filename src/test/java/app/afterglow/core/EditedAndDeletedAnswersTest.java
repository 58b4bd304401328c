package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting or editing a message that answered a question, on a platform where people can
 * (Matrix): while its check-in is not sent, the answer is taken back or becomes the new words,
 * and nothing else changes anywhere.
 */
class EditedAndDeletedAnswersTest {
    @TempDir
    Path dir;
    TestBot bot;
    QuestionSet after;
    int text;

    @BeforeEach
    void start() {
        bot = new TestBot(dir);
        after = TestBot.catalog().standard(CheckinKind.AFTER);
        bot.partners("alice", "bob");
        for (text = 0; after.questions().get(text).type() != QuestionType.TEXT; text++) {
            // The first free-text question: words the reveal would quote.
        }
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private List<Message> say(String who, String words, String source) {
        return bot.act(who, new Input.Say(words, Optional.empty(), Optional.of(source)), Context.PRIVATE);
    }

    private List<Message> retract(String who, String source) {
        return bot.act(who, new Input.Retract(source), Context.PRIVATE);
    }

    private List<Message> revise(String who, String source, String words) {
        return bot.act(who, new Input.Revise(source, words), Context.PRIVATE);
    }

    /** Answers every question up to the review, the first free-text one with {@code words} in message {@code source}. */
    private List<Message> answerAll(String who, String words, String source) {
        return answerFrom(0, who, words, source);
    }

    /** As {@link #answerAll}, from question {@code first} (from 0) on. */
    private List<Message> answerFrom(int first, String who, String words, String source) {
        List<Message> last = List.of();
        for (int i = first; i < after.questions().size(); i++) {
            last = i == text ? say(who, words, source) : say(who, "skip", who + "-" + i);
        }
        return last;
    }

    private void shareAllAndSubmit(String who) {
        bot.say(who, "share all");
        bot.say(who, "submit");
    }

    /** Bob answers his side (his words BOBS-WORDS), shares everything and sends it; returns the reveal he gets. */
    private String bobSharesAllAndSends() {
        answerAll("bob", "BOBS-WORDS", "$b1");
        shareAllAndSubmit("bob");
        return reveal("bob");
    }

    private String reveal(String who) {
        return plain(bot.inbox(who).stream().filter(m -> m.plain().contains("what you both shared")).toList());
    }

    @Test
    @DisplayName("GIVEN Alice at her review, her answer typed in a message WHEN she deletes that message THEN the answer "
            + "is taken back, her review shows the question empty, and though both share everything the reveal holds "
            + "neither her words nor Bob's to that question")
    void deletingAnAnswersMessageBeforeSendingTakesItBack() {
        bot.command("alice", "checkin after");
        answerAll("alice", "REGRETTED-WORDS", "$a1");
        Question question = after.questions().get(text);

        String said = plain(retract("alice", "$a1"));

        assertTrue(said.contains("taken it back") && said.contains("question " + (text + 1)), said);
        assertTrue(said.contains("your answers before you send them") && !said.contains("REGRETTED-WORDS"), said);
        shareAllAndSubmit("alice");
        String toBob = bobSharesAllAndSends();
        String toAlice = reveal("alice");
        assertTrue(toBob.contains("Nothing was shared both ways"), toBob);
        assertFalse(toBob.contains("REGRETTED-WORDS") || toAlice.contains("REGRETTED-WORDS"), toBob + toAlice);
        assertFalse(toAlice.contains("BOBS-WORDS") || toAlice.contains(question.prompt()), toAlice);
    }

    @Test
    @DisplayName("GIVEN Alice sent her check-in WHEN she deletes the message of an answer in it THEN nothing changes, she "
            + "is told so, and the reveal holds the answer both shared")
    void deletingAfterSendingChangesNothing() {
        bot.command("alice", "checkin after");
        answerAll("alice", "SENT-WORDS", "$a1");
        shareAllAndSubmit("alice");

        assertTrue(plain(retract("alice", "$a1")).contains("changes nothing"));
        assertTrue(bobSharesAllAndSends().contains("SENT-WORDS"));
    }

    @Test
    @DisplayName("GIVEN Alice's answer typed in a message WHEN Bob names that message as one he deleted, or Alice names "
            + "one that answered nothing THEN her answer stays, and her data export names the message it came from")
    void onlyTheWritersOwnAnswerIsTakenBack() {
        bot.command("alice", "checkin after");
        answerAll("alice", "ALICES-WORDS", "$a1");

        assertTrue(plain(retract("bob", "$a1")).contains("changes nothing"));
        assertTrue(plain(retract("alice", "$never")).contains("changes nothing"));

        assertTrue(plain(bot.say("alice", "share all")).contains("ALICES-WORDS"));
        String export = bot.command("alice", "mydata export").get(0).attachment().orElseThrow().content();
        assertTrue(export.replace(" ", "").contains("\"from_message\":\"$a1\""), "what she is told is kept about her names it: "
                + export);
    }

    @Test
    @DisplayName("GIVEN Alice answered a question again in a new message, from the review WHEN she deletes the first "
            + "message THEN the new answer stays; deleting the new one takes it back")
    void anAnswerGivenAgainNoLongerComesFromTheFirstMessage() {
        bot.command("alice", "checkin after");
        answerAll("alice", "FIRST-WORDS", "$a1");
        bot.say("alice", "edit " + (text + 1));
        assertTrue(plain(say("alice", "SECOND-WORDS", "$a2")).contains("SECOND-WORDS"));

        String first = plain(retract("alice", "$a1"));
        assertTrue(first.contains("changes nothing"), first);
        assertTrue(plain(bot.say("alice", "share all")).contains("SECOND-WORDS"));

        String second = plain(retract("alice", "$a2"));
        assertTrue(second.contains("taken it back") && !second.contains("SECOND-WORDS"), second);
    }

    @Test
    @DisplayName("GIVEN Alice at her review, her shared answer typed in a message WHEN she edits that message THEN the "
            + "answer becomes the new words, still shared, and the reveal holds those, never the first ones")
    void editingAnAnswersMessageBeforeSendingChangesIt() {
        bot.command("alice", "checkin after");
        answerAll("alice", "FIRST-WORDS", "$a1");
        bot.say("alice", "share all");

        String said = plain(revise("alice", "$a1", "BETTER-WORDS"));

        assertTrue(said.contains("changed it to match") && said.contains("question " + (text + 1)), said);
        assertTrue(said.contains("BETTER-WORDS") && !said.contains("FIRST-WORDS"), said);
        bot.say("alice", "submit");
        String toBob = bobSharesAllAndSends();
        assertTrue(toBob.contains("BETTER-WORDS") && !toBob.contains("FIRST-WORDS"), toBob);
    }

    @Test
    @DisplayName("GIVEN Alice's answer to a number question typed in a message WHEN she edits it to something that does "
            + "not fit THEN she is told why and the answer stays; once sent, or named by Bob, an edit changes nothing")
    void anEditThatDoesNotFitOrComesTooLateChangesNothing() {
        bot.command("alice", "checkin after");
        assertTrue(after.questions().get(0).type() == QuestionType.SCALE, "the first question takes a number");
        say("alice", "7", "$scale");
        answerFrom(1, "alice", "ALICES-WORDS", "$a1");

        String refused = plain(revise("alice", "$scale", "eleventy"));
        assertTrue(refused.contains("stays as it was"), refused);
        assertTrue(plain(revise("bob", "$a1", "BOBS-EDIT")).contains("changes nothing"));
        bot.say("alice", "share all");
        bot.say("alice", "submit");
        assertTrue(plain(revise("alice", "$a1", "TOO-LATE")).contains("changes nothing"));

        String toBob = bobSharesAllAndSends();
        assertTrue(toBob.contains("ALICES-WORDS") && !toBob.contains("TOO-LATE") && !toBob.contains("BOBS-EDIT"), toBob);
    }
}
