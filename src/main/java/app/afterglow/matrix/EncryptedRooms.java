package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Rooms with end-to-end encryption that are not, or cannot be, a person's DM. With encryption on,
 * a DM that turns encryption on simply goes on encrypted; a shared room that is encrypted is left
 * (nothing said in it, since the bot speaks in clear nowhere encrypted and shares room keys only
 * in one-to-one rooms) and the person is told why in their DM. With encryption off the bot cannot
 * read such rooms at all: it says so there, moves the person to an unencrypted DM and says why
 * there too — once per room. Every send reuses its transaction id, so doing it again after a
 * crash posts nothing twice.
 */
final class EncryptedRooms {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedRooms.class);

    private final MatrixApi api;
    private final MatrixState state;
    private final DirectRooms dms;
    private final Replies replies;
    private final RoomEncryption encryption;

    EncryptedRooms(MatrixApi api, MatrixState state, DirectRooms dms, Replies replies, RoomEncryption encryption) {
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
    }

    /**
     * {@code userId} invited the bot to an encrypted room it will not join — any with encryption
     * off, a shared one with it on: declined, with the reason, and their DM told why.
     */
    void invited(String roomId, String userId) throws InterruptedException {
        api.leave(roomId, Optional.of(encryption.on() ? Notices.ENCRYPTED_SHARED : Notices.ENCRYPTED_INVITE));
        explainInDm(roomId, userId);
        LOG.info("declined encrypted room {} and moved {} to a DM", roomId, userId);
    }

    /**
     * {@code userId} turned encryption on ({@code content} is its state, when known), or wrote
     * encrypted, in a room the bot is in; whether the bot stays and talks with them there.
     */
    boolean found(String roomId, String userId, Optional<JsonNode> content) throws InterruptedException {
        if (encryption.on()) {
            content.ifPresent(c -> encryption.turnedOn(roomId, c));
            if (dms.isPrivateWith(roomId, userId)) {
                return true;
            }
            if (!state.encryptionHandled(roomId)) {
                dms.forget(roomId);
                explainInDm(roomId, userId);
                api.leave(roomId, Optional.of(Notices.ENCRYPTED_SHARED));
                state.markEncryptionHandled(roomId);
                LOG.info("left the shared encrypted room {} and moved {} to a DM", roomId, userId);
            }
            return false;
        }
        if (state.encryptionHandled(roomId)) {
            return false;
        }
        replies.say(roomId, TxnIds.encryption(roomId, roomId), Notices.cannotReadHere());
        dms.forget(roomId);
        explainInDm(roomId, userId);
        api.leave(roomId, Optional.empty());
        state.markEncryptionHandled(roomId);
        LOG.info("left encrypted room {} and moved {} to a DM", roomId, userId);
        return false;
    }

    private void explainInDm(String encryptedRoomId, String userId) throws InterruptedException {
        String dm = dms.roomFor(userId);
        replies.say(dm, TxnIds.encryption(encryptedRoomId, dm),
                encryption.on() ? Notices.movedFromSharedEncrypted() : Notices.movedFromEncrypted());
    }
}
