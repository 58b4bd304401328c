package app.afterglow.matrix;

import app.afterglow.core.messages.Action;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.Prompt;
import app.afterglow.core.messages.Segment;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact contents the bot sends, built from core messages. */
class MessageContentTest {
    private static final PersonId ALICE = new PersonId(1);
    private final MessageContent content = new MessageContent();

    @Test
    @DisplayName("GIVEN a question with options WHEN it is rendered THEN the plain body numbers them, the HTML is an ordered list, and both say how to reply")
    void questionWithOptions() {
        Prompt prompt = new Prompt("ci:1:a:0", QuestionType.ONE, "How are you?", List.of("Calm", "Wobbly <3"), 0, 0, "", "", 0);
        Message question = new Message(ALICE, List.of(Line.title("Aftercare · 1 of 2"), Line.text("How are you?")),
                Optional.of(prompt), List.of(Action.reply("Skip", "skip", "r1", Action.Kind.SECONDARY),
                Action.command("Help", "help", "r2", Action.Kind.SECONDARY)), Optional.empty());

        ObjectNode sent = content.texts(question).get(0);

        assertEquals("""
                ** Aftercare · 1 of 2 **
                How are you?
                   1. Calm
                   2. Wobbly <3
                   Reply with the number of your choice.
                   Or reply: skip · !afterglow help""", sent.path("body").asText());
        assertEquals("<p><strong>Aftercare · 1 of 2</strong></p><p>How are you?</p><ol><li>Calm</li><li>Wobbly &lt;3</li></ol>"
                + "<p><em>Reply with the number of your choice.</em></p>"
                + "<p><em>Or reply: <code>skip</code> · <code>!afterglow help</code></em></p>", sent.path("formatted_body").asText());
        assertEquals("m.text", sent.path("msgtype").asText());
        assertTrue(sent.path("m.mentions").isObject() && sent.path("m.mentions").isEmpty());
    }

    @Test
    @DisplayName("GIVEN a person's words with mentions, markup and line breaks WHEN they are rendered THEN no @ can match a push rule, nothing is markup, and lines stay lines")
    void personTextIsInert() {
        Message m = Message.of(ALICE, Line.quote(Segment.person("@room & @bob:local\n<a href=\"x\">hi</a>")));

        ObjectNode sent = content.texts(m).get(0);

        assertEquals("   > @\u2060room & @\u2060bob:local\n   > <a href=\"x\">hi</a>", sent.path("body").asText());
        assertEquals("<blockquote>@\u2060room &amp; @\u2060bob:local<br>&lt;a href=&quot;x&quot;&gt;hi&lt;/a&gt;</blockquote>",
                sent.path("formatted_body").asText());
    }

    @Test
    @DisplayName("GIVEN a notice WHEN it is rendered THEN it is an m.notice, so clients and other bots treat it as the bot's aside")
    void noticeIsMNotice() {
        assertEquals("m.notice", content.texts(Message.notice(ALICE, Line.text("That button is gone."))).get(0)
                .path("msgtype").asText());
    }

    @Test
    @DisplayName("GIVEN a message too long for one event WHEN it is rendered THEN it is split between lines, each part well under the limit, with the reply words in the last")
    void longMessageIsSplit() {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add(Line.quote(Segment.person("x".repeat(1000))));
        }
        Message m = new Message(ALICE, lines, Optional.empty(), List.of(Action.reply("Submit", "submit", "r", Action.Kind.SUCCESS)),
                Optional.empty());

        List<ObjectNode> parts = content.texts(m);

        assertTrue(parts.size() > 1);
        for (ObjectNode part : parts) {
            assertTrue(part.toString().length() < 60_000, "part of " + part.toString().length());
        }
        assertTrue(parts.get(parts.size() - 1).path("body").asText().endsWith("Reply: submit"));
        assertFalse(parts.get(0).path("body").asText().contains("Reply:"));
    }

    @Test
    @DisplayName("GIVEN a reply word naming someone by user id WHEN rendered THEN the HTML people copy from has it as "
            + "typed, and only the plain body, which old push rules read, is defused")
    void replyWordsCopyCleanlyFromTheHtml() {
        Message invite = Message.of(ALICE, Line.title("Bob would like to be check-in partners with you"))
                .withActions(List.of(Action.command("Accept", "partner accept @bob:local", "pt:1:accept", Action.Kind.SUCCESS)));

        ObjectNode event = content.texts(invite).get(0);

        assertTrue(event.path("formatted_body").asText().contains("!afterglow partner accept @bob:local"),
                event.path("formatted_body").asText());
        assertTrue(event.path("body").asText().contains("partner accept @" + Inert.WORD_JOINER + "bob:local"),
                event.path("body").asText());
    }
}
