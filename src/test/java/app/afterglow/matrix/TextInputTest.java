package app.afterglow.matrix;

import app.afterglow.core.util.Backoff;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading what people type, and how long the bot waits between tries. */
class TextInputTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    @DisplayName("Commands start with !afterglow in any case; a bare !afterglow asks for help; other text is no command")
    void commands() {
        assertEquals(Optional.of("partner invite @bob:local"), TextInput.command("  !Afterglow  partner invite @bob:local "));
        assertEquals(Optional.of("help"), TextInput.command("!afterglow"));
        assertEquals(Optional.empty(), TextInput.command("!afterglowing"));
        assertEquals(Optional.empty(), TextInput.command("I said !afterglow help"));
    }

    @Test
    @DisplayName("An edit names the message it replaces, and carries its new words apart from the starred fallback")
    void editNamesTheMessageItReplaces() throws Exception {
        JsonNode edit = json("{'msgtype': 'm.text', 'body': '* new words', 'm.new_content': {'msgtype': 'm.text', "
                + "'body': 'new words'}, 'm.relates_to': {'rel_type': 'm.replace', 'event_id': '$first'}}");
        assertTrue(TextInput.isEdit(edit));
        assertEquals(Optional.of("$first"), TextInput.edited(edit));
        assertEquals("new words", TextInput.text(edit.path("m.new_content")));
        assertEquals(Optional.empty(), TextInput.edited(json("{'m.relates_to': {'rel_type': 'm.replace'}}")));
    }

    @Test
    @DisplayName("A reply's quoted fallback is someone else's words and is dropped; the person's own text stays")
    void replyFallbackIsDropped() throws Exception {
        JsonNode reply = json("{'msgtype': 'm.text', 'body': '> <@afterglow:local> How are you?\\n> 1. Calm\\n\\n2',"
                + " 'm.relates_to': {'m.in_reply_to': {'event_id': '$q'}}}");
        assertEquals("2", TextInput.text(reply));
        assertEquals("> not a reply", TextInput.text(json("{'body': '> not a reply'}")));
    }

    @Test
    @DisplayName("A reply names the event it answers; a message that is no reply, or a malformed relation, names none")
    void replyNamesTheEventItAnswers() throws Exception {
        assertEquals(Optional.of("$q"), TextInput.inReplyTo(json("{'body': '2', 'm.relates_to': {'m.in_reply_to': {'event_id': '$q'}}}")));
        assertEquals(Optional.empty(), TextInput.inReplyTo(json("{'body': '2'}")));
        assertEquals(Optional.empty(), TextInput.inReplyTo(json("{'body': '2', 'm.relates_to': {'m.in_reply_to': {'event_id': 7}}}")));
        assertEquals(Optional.empty(), TextInput.inReplyTo(json("{'body': '2', 'm.relates_to': {'m.in_reply_to': 'x'}}")));
    }

    @Test
    @DisplayName("A message in a thread answers the thread's root, whatever reply it names as a fallback or for real, "
            + "and its body is all the person's")
    void threadMessageAnswersTheThreadsRoot() throws Exception {
        JsonNode fallback = json("{'body': '> quoting myself', 'm.relates_to': {'rel_type': 'm.thread', 'event_id': '$root',"
                + " 'is_falling_back': true, 'm.in_reply_to': {'event_id': '$mine'}}}");
        assertEquals(Optional.of("$root"), TextInput.inReplyTo(fallback));
        assertEquals("> quoting myself", TextInput.text(fallback));
        JsonNode reply = json("{'body': 'yes', 'm.relates_to': {'rel_type': 'm.thread', 'event_id': '$root',"
                + " 'is_falling_back': false, 'm.in_reply_to': {'event_id': '$mine'}}}");
        assertEquals(Optional.of("$root"), TextInput.inReplyTo(reply));
        assertEquals(Optional.of("$root"), TextInput.inReplyTo(json("{'body': 'yes', 'm.relates_to': {'rel_type': 'm.thread', 'event_id': '$root'}}")));
    }

    @Test
    @DisplayName("A mention pill is read back to the user id it links to, by the name it shows")
    void pills() throws Exception {
        JsonNode content = json("{'body': '!afterglow partner invite Bob', 'formatted_body':"
                + " '!afterglow partner invite <a href=\\\"https://matrix.to/#/%40bob%3Alocal\\\">Bob &amp; co</a>'}");
        assertEquals(Map.of("Bob & co", "@bob:local"), TextInput.pills(content));
        assertTrue(TextInput.isEdit(json("{'m.relates_to': {'rel_type': 'm.replace', 'event_id': '$x'}}")));
    }

    @Test
    @DisplayName("Retries wait between half and all of a doubling step, never longer than the cap")
    void backoffStaysInBounds() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), RandomGenerator.of("L64X128MixRandom"));
        for (int attempt = 0; attempt < 40; attempt++) {
            long ceiling = Math.min(1000, 100L << Math.min(attempt, 20));
            long ms = backoff.delay(attempt).toMillis();
            assertTrue(ms >= ceiling / 2 && ms <= ceiling, attempt + ": " + ms);
        }
    }
}
