package app.afterglow.matrix;

import app.afterglow.core.messages.Attachment;
import app.afterglow.matrix.crypto.AttachmentCipher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends a message's file — the data export — as an {@code m.file}: uploaded to the media
 * repository, because an export soon outgrows what fits in one event. Into an encrypted room the
 * file is encrypted before it is uploaded, and its key travels only inside the encrypted event,
 * so the homeserver keeps nothing readable. The upload (with its key) is kept until the file is
 * posted, so a retried delivery does not leave a second copy of a person's data on the homeserver.
 */
final class Attachments {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MatrixApi api;
    private final RoomSender sender;
    private final MatrixState state;
    private final MessageContent content;

    Attachments(MatrixApi api, RoomSender sender, MatrixState state, MessageContent content) {
        this.api = Objects.requireNonNull(api, "api");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.state = Objects.requireNonNull(state, "state");
        this.content = Objects.requireNonNull(content, "content");
    }

    void send(String roomId, long entryId, Attachment attachment) throws InterruptedException {
        byte[] data = attachment.content().getBytes(StandardCharsets.UTF_8);
        if (sender.encrypts(roomId)) {
            JsonNode file = encryptedUpload(entryId, attachment, data);
            sender.send(roomId, TxnIds.outboxFile(entryId), content.encryptedFile(attachment, file));
        } else {
            String uri = state.upload(entryId).orElse(null);
            if (uri == null) {
                uri = api.upload(attachment.filename(), attachment.mediaType(), data);
                state.upload(entryId, uri);
            }
            sender.send(roomId, TxnIds.outboxFile(entryId), content.file(attachment, uri));
        }
        state.forgetUpload(entryId);
    }

    private JsonNode encryptedUpload(long entryId, Attachment attachment, byte[] data) throws InterruptedException {
        Optional<JsonNode> kept = state.encryptedUpload(entryId).map(Attachments::parse);
        if (kept.isPresent()) {
            return kept.get();
        }
        AttachmentCipher.EncryptedAttachment encrypted = AttachmentCipher.encrypt(data);
        // The name and type would be readable on the homeserver; the real ones go inside the event.
        String uri = api.upload("export", "application/octet-stream", encrypted.ciphertext());
        JsonNode file = encrypted.fileJson(uri);
        state.encryptedUpload(entryId, file.toString());
        return file;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept encrypted upload is unreadable", e);
        }
    }
}
