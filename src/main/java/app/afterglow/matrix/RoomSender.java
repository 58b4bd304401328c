package app.afterglow.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * Every {@code m.room.message} the bot sends goes through here: into an encrypted room it goes
 * encrypted, or not at all — with encryption on, nothing in clear ever enters an encrypted room.
 * With encryption off the bot writes in clear everywhere, as it always did, and stays out of
 * encrypted rooms instead. Thread-safe.
 */
final class RoomSender {
    private final MatrixApi api;
    private final RoomEncryption encryption;
    private final RoomMembers members;

    RoomSender(MatrixApi api, RoomEncryption encryption, RoomMembers members) {
        this.api = Objects.requireNonNull(api, "api");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
        this.members = Objects.requireNonNull(members, "members");
    }

    /** Sends {@code content} to {@code roomId} under {@code txnId}; returns the event id. */
    String send(String roomId, String txnId, ObjectNode content) throws InterruptedException {
        if (encryption.on() && encryption.isEncrypted(roomId)) {
            ObjectNode encrypted = encryption.e2ee().encrypt(roomId, members.of(roomId), encryption.rotation(roomId),
                    "m.room.message", content);
            return api.sendEvent(roomId, "m.room.encrypted", txnId, encrypted);
        }
        return api.sendEvent(roomId, "m.room.message", txnId, content);
    }

    /** Whether what is sent to {@code roomId} is encrypted, so a file must be too. */
    boolean encrypts(String roomId) throws InterruptedException {
        return encryption.on() && encryption.isEncrypted(roomId);
    }
}
