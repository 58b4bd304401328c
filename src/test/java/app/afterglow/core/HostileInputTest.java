package app.afterglow.core;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.PlainText;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostileInputTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("Right-to-left, zero-width and emoji text is shown as written; control and direction-override characters are not")
    void unusualTextSurvivesIntact() {
        QuestionSet after = TestBot.catalog().standard(CheckinKind.AFTER);
        int text = 0;
        while (after.questions().get(text).type() != QuestionType.TEXT) {
            text++;
        }
        String written = "שלום\u200Bworld \u202Eevil\u202C 💞";
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            for (int i = 0; i < text; i++) {
                bot.say("alice", "skip");
            }
            bot.say("alice", written + "\u0000\u0007");
            List<Message> back = bot.say("alice", "back");
            assertTrue(plain(back).contains("Your answer so far: שלום\u200Bworld evil 💞\n"), plain(back));
        }
    }

    @Test
    @DisplayName("GIVEN a written question WHEN the answer is only zero-width, control and space characters THEN it "
            + "is called empty and nothing is saved")
    void invisibleAnswerIsEmpty() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            for (int i = 0; i < 3; i++) {
                bot.say("alice", "skip");
            }
            List<Message> invisible = bot.say("alice", "\u200B\u200D\uFEFF\u2060\u0000 \u00A0\t");
            assertTrue(plain(invisible).contains("That looks empty"), plain(invisible));
            assertTrue(plain(bot.say("alice", "back")).contains("3 of"), "the invisible answer did not move the check-in on");
        }
    }

    @Test
    @DisplayName("A flood of very long, binary and repeated input gets clear answers, never a crash, and loses nothing")
    void floodOfBadInput() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            List<Message> first = bot.command("alice", "checkin after");
            String skip = TestBot.ref(first, "Skip");
            String huge = "x".repeat(200_000);
            assertTrue(plain(bot.say("alice", huge)).contains("Please pick"), "a number was expected");
            byte[] binary = new byte[512];
            new java.util.Random(7).nextBytes(binary);
            assertFalse(bot.say("alice", new String(binary, java.nio.charset.StandardCharsets.ISO_8859_1)).isEmpty());
            assertTrue(plain(bot.press("alice", skip)).contains(TestBot.catalog().standard(CheckinKind.AFTER).questions().get(1).prompt()));
            for (int i = 0; i < 500; i++) {
                List<Message> again = bot.press("alice", skip);
                assertTrue(again.get(0).notice(), "a stale click is a notice");
            }
            for (String junk : List.of("ci:", "ci:x:y", "ci:99999:submit", "pt:1", "pt:abc:accept", "", "me:delete:x")) {
                assertFalse(bot.press("alice", junk).isEmpty(), junk);
            }
            List<Message> resumed = bot.command("alice", "checkin resume");
            assertTrue(plain(resumed).contains("2 of"), plain(resumed));
        }
    }

    @Test
    @DisplayName("Plain text keeps a person's words on their own lines and strips control characters from them")
    void plainTextKeepsPersonTextInert() {
        PlainText text = new PlainText("!afterglow ");
        Message m = Message.of(new PersonId(1),
                Line.quote(Segment.person("a\u001B[31mred\u0007\nsecond line")),
                Line.text("Say ", Segment.command("help"), "."));
        assertEquals(List.of("   > a[31mred", "   > second line", "Say !afterglow help."), text.lines(m));
    }
}
