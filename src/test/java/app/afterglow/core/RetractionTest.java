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
 * Deleting a message that answered a question, on a platform where people can (Matrix): the
 * answer is taken back while its check-in is not sent, and nowhere else.
 */
class RetractionTest {
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

    /** Answers every question up to the review, the first free-text one with {@code words} in message {@code source}. */
    private List<Message> answerAll(String who, String words, String source) {
        List<Message> last = List.of();
        for (int i = 0; i < after.questions().size(); i++) {
            last = i == text ? say(who, words, source) : say(who, "skip", who + "-" + i);
        }
        return last;
    }

    private void shareAllAndSubmit(String who) {
        bot.say(who, "share all");
        bot.say(who, "submit");
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
        answerAll("bob", "BOBS-WORDS", "$b1");
        shareAllAndSubmit("bob");
        String toBob = reveal("bob");
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
        answerAll("bob", "BOBS-WORDS", "$b1");
        shareAllAndSubmit("bob");
        assertTrue(reveal("bob").contains("SENT-WORDS"));
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
}
