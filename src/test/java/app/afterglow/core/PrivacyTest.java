package app.afterglow.core;

import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.testing.RawFiles;
import app.afterglow.testing.TestBot;
import app.afterglow.testing.TestLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivacyTest {
    private static final String PLANTED = "planted-answer-3f9c-velvet";

    @TempDir
    Path dir;

    /** Answers the first free-text question of the after set with {@code words}, skips the rest, shares all, submits. */
    private static void answerWith(TestBot bot, String who, String words) {
        QuestionSet after = TestBot.catalog().standard(CheckinKind.AFTER);
        boolean planted = false;
        for (Question q : after.questions()) {
            if (!planted && q.type() == QuestionType.TEXT) {
                bot.say(who, words);
                planted = true;
            } else {
                bot.say(who, "skip");
            }
        }
        bot.say(who, "share all");
        bot.say(who, "submit");
    }

    @Test
    @DisplayName("A planted answer is nowhere in the raw database files, before or after /mydata delete")
    void answersAreEncryptedAtRestAndErased() throws IOException {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            answerWith(bot, "alice", PLANTED);
            assertFalse(RawFiles.contain(dir, PLANTED), "answer stored in the clear");
            assertFalse(RawFiles.contain(dir, "velvet"), "part of the answer stored in the clear");

            answerWith(bot, "bob", "bob-words");
            assertTrue(plain(bot.inbox("bob")).contains(PLANTED), "the mutually shared answer was revealed");
            assertTrue(plain(bot.command("alice", "mydata delete")).contains("Erase everything?"));
            List<Message> erased = bot.command("alice", "mydata delete confirm");
            assertTrue(plain(erased).contains("erased"));
            assertFalse(RawFiles.contain(dir, PLANTED));
            assertFalse(RawFiles.contain(dir, "alice"), "the erased person's name is gone too");
            assertTrue(plain(bot.inbox("bob")).contains("ended your check-in partnership"));
            assertFalse(plain(bot.command("bob", "history")).contains(PLANTED), "erased answers leave the partner's history");
        }
    }

    @Test
    @DisplayName("GIVEN a need sent at once that has not reached the partner yet WHEN its author erases their data "
            + "THEN it is never delivered, and the partner hears only that the partnership ended")
    void anUndeliveredNeedIsErasedWithItsAuthor() {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            bot.inbox("bob");
            List<Message> offered = List.of();
            for (Question q : TestBot.catalog().standard(CheckinKind.AFTER).questions()) {
                if (q.sendNow()) {
                    offered = bot.say("alice", "1 3");
                    break;
                }
                bot.say("alice", "skip");
            }
            bot.afterglow().handle(Request.direct(TestBot.user("alice"), Context.PRIVATE,
                    new Input.Press(TestBot.ref(offered, "Send to bob now"))));
            List<String> triedForBob = new ArrayList<>();
            bot.afterglow().deliver(Platform.CONSOLE, entry -> {
                if (entry.recipient().id().equals("bob")) {
                    triedForBob.add(entry.message().plain());
                    return Messenger.Delivery.retry("test outage");
                }
                return Messenger.Delivery.DELIVERED;
            });
            assertTrue(String.join("", triedForBob).contains("could use, right now"), "control: the need waits for bob");

            bot.command("alice", "mydata delete confirm");
            bot.advance(Duration.ofHours(6));

            String toBob = plain(bot.inbox("bob"));
            assertTrue(toBob.contains("ended your check-in partnership"), toBob);
            assertFalse(toBob.contains("could use, right now"), toBob);
        }
    }

    @Test
    @DisplayName("The logs never contain what a person wrote")
    void logsHoldNoAnswers() throws IOException {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            answerWith(bot, "alice", PLANTED + "-log");
            answerWith(bot, "bob", PLANTED + "-log-bob");
            bot.say("alice", PLANTED + "-stray");
        }
        Path log = TestLog.file();
        assertTrue(Files.exists(log), "the test run logs to " + log);
        assertFalse(TestLog.text().contains(PLANTED));
    }

    @Test
    @DisplayName("/mydata export is a JSON file of the person's own data, without their partner's answers")
    void exportIsOwnDataAsJson() throws IOException {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            answerWith(bot, "alice", "alice-export-words");
            answerWith(bot, "bob", "bob-export-words");
            List<Message> reply = bot.command("alice", "mydata export");
            String json = reply.get(0).attachment().orElseThrow().content();
            JsonNode root = new ObjectMapper().readTree(json);
            assertEquals("alice", root.path("person").path("platform_user_id").asText());
            assertEquals("bob", root.path("partnerships").get(0).path("partner").asText());
            assertTrue(json.contains("alice-export-words"));
            assertFalse(json.contains("bob-export-words"));
        }
    }

    @Test
    @DisplayName("GIVEN a need sent at once WHEN the person exports their data THEN that answer is marked as sent to "
            + "the partner, and the others are not")
    void exportMarksANeedSentAtOnce() throws IOException {
        try (TestBot bot = new TestBot(dir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            List<Message> offered = List.of();
            for (Question q : TestBot.catalog().standard(CheckinKind.AFTER).questions()) {
                if (q.sendNow()) {
                    offered = bot.say("alice", "1 3");
                    break;
                }
                bot.say("alice", "4");
            }
            bot.press("alice", TestBot.ref(offered, "Send to bob now"));
            JsonNode answers = new ObjectMapper().readTree(bot.command("alice", "mydata export").get(0).attachment()
                    .orElseThrow().content()).path("checkins").get(0).path("my_answers");
            long sent = 0;
            for (JsonNode answer : answers) {
                boolean isNeed = answer.path("question").asText().equals(TestBot.catalog().standard(CheckinKind.AFTER)
                        .questions().stream().filter(Question::sendNow).findFirst().orElseThrow().prompt());
                assertEquals(isNeed, answer.path("sent_to_partner_at_once").asBoolean(), answer.toString());
                sent += answer.path("sent_to_partner_at_once").asBoolean() ? 1 : 0;
            }
            assertEquals(1, sent, answers.toString());
        }
    }
}
