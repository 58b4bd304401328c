package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoomEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("A redaction names what it deletes in its content, whether its room version put it there (11) or beside it (1 to 10)")
    void redactionNamesWhatItDeletesInItsContent() throws Exception {
        JsonNode older = JSON.readTree("{\"event_id\": \"$r\", \"type\": \"m.room.redaction\", \"sender\": \"@alice:local\","
                + " \"redacts\": \"$gone\", \"content\": {}}");
        JsonNode v11 = JSON.readTree("{\"event_id\": \"$r\", \"type\": \"m.room.redaction\", \"sender\": \"@alice:local\","
                + " \"content\": {\"redacts\": \"$gone\"}}");
        assertEquals("$gone", RoomEvent.of("!room", older).orElseThrow().content().path("redacts").asText());
        assertEquals("$gone", RoomEvent.of("!room", v11).orElseThrow().content().path("redacts").asText());
        assertEquals(JSON.readTree("{}"), older.path("content"), "the event read is left as it came");
    }
}
