package app.afterglow.matrix;

import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.PlainText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code m.room.message} contents a message becomes: a plain body for every client, an HTML
 * body for those that format, {@code m.notice} for what only explains why nothing changed, and
 * always an empty {@code m.mentions}, so no event of the bot's can ping a person or a room
 * (spec v1.7 user and room mentions). A person's words are first made {@link Inert}. Stateless.
 */
final class MessageContent {
    /** How commands are typed on Matrix. */
    static final String COMMAND_PREFIX = "!afterglow ";
    /** Plain and HTML text per event, well under the homeserver's 64 KiB limit on a whole event. */
    private static final int PART_BUDGET = 24_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final PlainText plain = new PlainText(COMMAND_PREFIX);
    private final HtmlRenderer html = new HtmlRenderer(plain, COMMAND_PREFIX);

    /**
     * The text events of {@code message}, in order: one, unless it is too long for one event, then
     * split between lines with the question and the reply words in the last. None if it has no text.
     */
    List<ObjectNode> texts(Message message) {
        // The old push rules that match "@room" or a name read only the plain body, so only there are
        // the bot's reply words defused; in the HTML people see and copy from, a suggestion works as typed.
        Message safe = Inert.defuse(message);
        Message shown = Inert.defusePeoplesWords(message);
        List<Integer> ends = split(safe.lines());
        List<ObjectNode> contents = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < ends.size(); i++) {
            boolean last = i == ends.size() - 1;
            String body = plain.render(part(safe, start, ends.get(i), last));
            if (!body.isBlank()) {
                contents.add(text(body, html.render(part(shown, start, ends.get(i), last)), safe.notice()));
            }
            start = ends.get(i);
        }
        return contents;
    }

    /** Lines {@code from} to {@code to} of {@code message}; the question and the reply words go with the last part. */
    private static Message part(Message message, int from, int to, boolean last) {
        return new Message(message.to(), message.lines().subList(from, to), last ? message.prompt() : Optional.empty(),
                last ? message.actions() : List.of(), Optional.empty(), message.notice(), Optional.empty());
    }

    /** An {@code m.file} event for an uploaded attachment. */
    ObjectNode file(Attachment attachment, String mxcUri) {
        ObjectNode content = fileEvent(attachment);
        content.put("url", mxcUri);
        return content;
    }

    /** An {@code m.file} event for an attachment uploaded encrypted, described by the spec's {@code file} object. */
    ObjectNode encryptedFile(Attachment attachment, JsonNode file) {
        ObjectNode content = fileEvent(attachment);
        content.set("file", file);
        return content;
    }

    private static ObjectNode fileEvent(Attachment attachment) {
        ObjectNode content = JSON.objectNode()
                .put("msgtype", "m.file")
                .put("body", attachment.filename())
                .put("filename", attachment.filename());
        content.putObject("info")
                .put("mimetype", attachment.mediaType())
                .put("size", attachment.content().getBytes(StandardCharsets.UTF_8).length);
        content.putObject("m.mentions");
        return content;
    }

    private static ObjectNode text(String body, String formatted, boolean notice) {
        ObjectNode content = JSON.objectNode()
                .put("msgtype", notice ? "m.notice" : "m.text")
                .put("body", body)
                .put("format", "org.matrix.custom.html")
                .put("formatted_body", formatted);
        content.putObject("m.mentions");
        return content;
    }

    /** Where each part ends, as a line index: parts stay within an event's budget, split between lines. */
    private List<Integer> split(List<Line> lines) {
        List<Integer> ends = new ArrayList<>();
        int partStart = 0;
        int size = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            int lineSize = (plain.text(line) + html.line(line)).getBytes(StandardCharsets.UTF_8).length;
            if (i > partStart && size + lineSize > PART_BUDGET) {
                ends.add(i);
                partStart = i;
                size = 0;
            }
            size += lineSize;
        }
        ends.add(lines.size());
        return ends;
    }
}
