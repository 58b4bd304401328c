package app.afterglow.matrix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Rooms with end-to-end encryption, which the bot cannot read: rather than stay silent there, it
 * says why, moves the person to an unencrypted DM and says why there too — once per room. Every
 * send reuses its transaction id, so doing it again after a crash posts nothing twice.
 */
final class EncryptedRooms {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptedRooms.class);

    private final MatrixApi api;
    private final MatrixState state;
    private final DirectRooms dms;
    private final Replies replies;

    EncryptedRooms(MatrixApi api, MatrixState state, DirectRooms dms, Replies replies) {
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    /** {@code userId} invited the bot to an encrypted room: declined, with the reason, and a DM opened. */
    void invited(String roomId, String userId) throws InterruptedException {
        api.leave(roomId, Optional.of(Notices.ENCRYPTED_INVITE));
        explainInDm(roomId, userId);
        LOG.info("declined encrypted room {} and moved {} to a DM", roomId, userId);
    }

    /**
     * {@code userId} turned encryption on, or wrote encrypted, in a room the bot is in: said there,
     * the room dropped as a DM and left, and the person moved to a new unencrypted DM.
     */
    void found(String roomId, String userId) throws InterruptedException {
        if (state.encryptionHandled(roomId)) {
            return;
        }
        replies.say(roomId, TxnIds.encryption(roomId, roomId), Notices.cannotReadHere());
        dms.forget(roomId);
        explainInDm(roomId, userId);
        api.leave(roomId, Optional.empty());
        state.markEncryptionHandled(roomId);
        LOG.info("left encrypted room {} and moved {} to a DM", roomId, userId);
    }

    private void explainInDm(String encryptedRoomId, String userId) throws InterruptedException {
        String dm = dms.roomFor(userId);
        replies.say(dm, TxnIds.encryption(encryptedRoomId, dm), Notices.movedFromEncrypted());
    }
}
