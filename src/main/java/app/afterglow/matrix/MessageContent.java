package app.afterglow.matrix;

import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.PlainText;
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
        Message safe = Inert.defuse(message);
        List<List<Line>> parts = split(safe.lines());
        List<ObjectNode> contents = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            Message part = new Message(safe.to(), parts.get(i), last ? safe.prompt() : Optional.empty(),
                    last ? safe.actions() : List.of(), Optional.empty(), safe.notice(), Optional.empty());
            String body = plain.render(part);
            if (!body.isBlank()) {
                contents.add(text(body, html.render(part), safe.notice()));
            }
        }
        return contents;
    }

    /** An {@code m.file} event for an uploaded attachment. */
    ObjectNode file(Attachment attachment, String mxcUri) {
        ObjectNode content = JSON.objectNode()
                .put("msgtype", "m.file")
                .put("body", attachment.filename())
                .put("filename", attachment.filename())
                .put("url", mxcUri);
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

    private List<List<Line>> split(List<Line> lines) {
        List<List<Line>> parts = new ArrayList<>();
        List<Line> current = new ArrayList<>();
        int size = 0;
        for (Line line : lines) {
            int lineSize = (plain.text(line) + html.line(line)).getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && size + lineSize > PART_BUDGET) {
                parts.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(line);
            size += lineSize;
        }
        parts.add(current);
        return parts;
    }
}
