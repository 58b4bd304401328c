package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Progress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
}
