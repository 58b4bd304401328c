package app.afterglow.storage;

import app.afterglow.config.QuestionSetLoader;
import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Prompt;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.Focus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    private final Json json = new Json();

    @Test
    @DisplayName("GIVEN a person's progress stored before answers kept the message they came from WHEN it is read "
            + "THEN its answers are all there, and none came from a message that deleting would take back")
    void progressStoredBeforeAnswersKeptTheirMessageReadsWithNone() {
        String stored = "{\"position\":2,\"paused\":false,\"returnToReview\":false,"
                + "\"answers\":{\"favourite\":{\"skipped\":false,\"scale\":null,\"choices\":[],\"text\":\"the quiet\","
                + "\"shared\":true}},\"sentNow\":[]}";

        Progress progress = json.read(stored.getBytes(StandardCharsets.UTF_8), Progress.class, "progress");

        assertEquals(Answer.ofText("the quiet").withShared(true), progress.answers().get("favourite"));
        assertEquals(Map.of(), progress.sources());
        assertEquals(Optional.empty(), progress.answeredBy("$anything"));
    }

    @Test
    @DisplayName("GIVEN an answer typed in a message WHEN its progress is stored and read back THEN it still names "
            + "that message, and changing the share choice alone keeps it while answering again does not")
    void anAnswersMessageIsKeptWithItsProgress() {
        Progress typed = Progress.start().with("favourite", Answer.ofText("the quiet"), Optional.of("$event"));

        Progress read = json.read(json.write(typed, "progress"), Progress.class, "progress");

        assertEquals(typed, read);
        assertEquals(Optional.of("favourite"), read.answeredBy("$event"));
        assertEquals(Optional.of("favourite"), read.choosing("favourite", true).answeredBy("$event"));
        assertEquals(Optional.empty(), read.with("favourite", Answer.ofText("the sea")).answeredBy("$event"));
        assertEquals(Map.of(), read.without("favourite").answers());
    }

    @Test
    @DisplayName("GIVEN a message with every part there is, and every built-in question set WHEN each is written and "
            + "read back THEN it is the same: nothing the storage keeps as JSON needs a module it does not load")
    void everyKindOfRecordKeptAsJsonReadsBackTheSame() throws Exception {
        PersonId to = new PersonId(7);
        Message busy = Message.of(to, Line.note("Another check-in first."));
        Message message = new Message(to,
                List.of(Line.title("Aftercare"), Line.text(Segment.person("my words"), " · ", Segment.command("help"))),
                Optional.of(new Prompt("q1", QuestionType.SCALE, "How are you?", List.of("low", "high"), 1, 5,
                        "low", "high", 200)),
                List.of(Action.reply("Skip", "skip", "q1", Action.Kind.SECONDARY)),
                Optional.of(new Attachment("export.json", "application/json", "{}")), true,
                Optional.of(Message.of(new PersonId(8), Line.text("Their DMs are closed."))),
                Optional.of(new Focus(42, 3)), Optional.of(busy));

        assertEquals(message, json.read(json.write(message, "message"), Message.class, "message"));
        for (QuestionSet set : QuestionSetLoader.load(Optional.empty()).startable()) {
            assertEquals(set, json.readText(json.writeText(set, "set"), QuestionSet.class, "set"));
        }
    }
}
