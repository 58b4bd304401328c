package app.afterglow.matrix;

import app.afterglow.core.messages.Message;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * What is sent straight to a room, outside the outbox: answers to an event (a pointer to the DM, a
 * command that could not be read, an apology) and the adapter's own notices. Transaction ids come
 * from the event answered or what a notice is about, so doing it again after a crash posts nothing
 * new. Thread-safe.
 */
final class Replies {
    private final RoomSender sender;
    private final MessageContent content;

    Replies(RoomSender sender, MessageContent content) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.content = Objects.requireNonNull(content, "content");
    }

    /** Sends the text of {@code messages} (which carry no files) to {@code roomId}, answering {@code eventId}. */
    void send(String roomId, String eventId, List<Message> messages) throws InterruptedException {
        int n = 0;
        for (Message message : messages) {
            for (ObjectNode text : content.texts(message)) {
                sender.send(roomId, TxnIds.reply(eventId, n++), text);
            }
        }
    }

    /** Says one of the adapter's own messages in {@code roomId}; {@code txnId} is derived from what it is about. */
    void say(String roomId, String txnId, Message message) throws InterruptedException {
        List<ObjectNode> texts = content.texts(message);
        for (int part = 0; part < texts.size(); part++) {
            sender.send(roomId, part == 0 ? txnId : txnId + "-" + part, texts.get(part));
        }
    }
}
