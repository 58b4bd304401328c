package app.afterglow.matrix;

import app.afterglow.core.messages.Attachment;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Sends a message's file — the data export — as an {@code m.file}: uploaded to the media
 * repository, because an export soon outgrows what fits in one event. The upload's URI is kept
 * until the file is posted, so a retried delivery does not leave a second copy of a person's data
 * on the homeserver.
 */
final class Attachments {
    private final MatrixApi api;
    private final MatrixState state;
    private final MessageContent content;

    Attachments(MatrixApi api, MatrixState state, MessageContent content) {
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.content = Objects.requireNonNull(content, "content");
    }

    void send(String roomId, long entryId, Attachment attachment) throws InterruptedException {
        String uri = state.upload(entryId).orElse(null);
        if (uri == null) {
            uri = api.upload(attachment.filename(), attachment.mediaType(),
                    attachment.content().getBytes(StandardCharsets.UTF_8));
            state.upload(entryId, uri);
        }
        api.send(roomId, TxnIds.outboxFile(entryId), content.file(attachment, uri));
        state.forgetUpload(entryId);
    }
}
