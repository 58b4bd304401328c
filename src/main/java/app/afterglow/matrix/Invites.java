package app.afterglow.matrix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Invitations to the bot: from an allowed person it joins (a direct one becomes their DM — in
 * {@code required} mode only if it is encrypted, else they are moved to one that is), an encrypted
 * room it will not talk in (any, with encryption off; a shared one, with it on) it declines for a
 * DM, and from anyone else it declines without joining — the reason says why, the first time that
 * person is refused.
 */
final class Invites {
    private static final Logger LOG = LoggerFactory.getLogger(Invites.class);

    private final MatrixApi api;
    private final Gatekeeper gate;
    private final DirectRooms dms;
    private final EncryptedRooms encrypted;
    private final RoomEncryption encryption;

    Invites(MatrixApi api, Gatekeeper gate, DirectRooms dms, EncryptedRooms encrypted, RoomEncryption encryption) {
        this.api = Objects.requireNonNull(api, "api");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.encrypted = Objects.requireNonNull(encrypted, "encrypted");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
    }

    void handle(SyncBatch.Invite invite) throws InterruptedException {
        String roomId = invite.roomId();
        Optional<String> inviter = invite.inviter().filter(gate::allows);
        if (inviter.isEmpty()) {
            Optional<String> reason = invite.inviter().filter(gate::firstRefusal).map(user -> Notices.REFUSAL);
            api.leave(roomId, reason);
            LOG.info("declined invite to room {} from someone not allowed", roomId);
            return;
        }
        if (invite.encrypted() && !(encryption.on() && invite.direct())) {
            encrypted.invited(roomId, inviter.get());
            return;
        }
        try {
            api.join(roomId);
        } catch (MatrixException e) {
            if (!e.isRefused()) {
                throw e;
            }
            LOG.info("invite to room {} is gone: {}", roomId, e.getMessage());
            return;
        }
        if (invite.encrypted()) {
            // Read back from the room: its rotation settings count, not just that it is encrypted.
            encryption.isEncrypted(roomId);
        }
        if (invite.direct()) {
            dms.adopt(inviter.get(), roomId);
        }
        LOG.info("joined {} room {} invited by {}", invite.direct() ? "direct" : "shared", roomId, inviter.get());
    }
}
