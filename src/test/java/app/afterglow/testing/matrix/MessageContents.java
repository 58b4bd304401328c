package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The contents of the messages a person's client sends, plain or before it encrypts them. */
public final class MessageContents {
    private MessageContents() {
    }

    /** A plain text message. */
    public static ObjectNode text(String body) {
        return JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body);
    }

    /**
     * An edit of message {@code eventId} to read {@code words}, as clients send it: the new words in
     * {@code m.new_content}, a starred fallback for clients without edits, and the replacement
     * relation (beside the ciphertext once encrypted, as clients put relations).
     */
    public static ObjectNode edit(String eventId, String words) {
        ObjectNode content = text("* " + words);
        content.set("m.new_content", text(words));
        content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", eventId);
        return content;
    }
}
