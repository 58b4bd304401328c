package app.afterglow.matrix;

import app.afterglow.core.messages.Message;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * Answers sent straight to the room where an event happened, outside the outbox: a pointer to
 * the DM, a command that could not be read, an apology. Their transaction ids come from the event
 * answered, so handling the same event again after a crash posts nothing new. Thread-safe.
 */
final class Replies {
    private final MatrixApi api;
    private final MessageContent content;

    Replies(MatrixApi api, MessageContent content) {
        this.api = Objects.requireNonNull(api, "api");
        this.content = Objects.requireNonNull(content, "content");
    }

    /** Sends the text of {@code messages} (which carry no files) to {@code roomId}, answering {@code eventId}. */
    void send(String roomId, String eventId, List<Message> messages) throws InterruptedException {
        int n = 0;
        for (Message message : messages) {
            for (ObjectNode text : content.texts(message)) {
                api.send(roomId, TxnIds.reply(eventId, n++), text);
            }
        }
    }
}
