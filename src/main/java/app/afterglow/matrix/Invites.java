package app.afterglow.matrix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Invitations to the bot: from an allowed person it joins (a direct one becomes their DM), an
 * encrypted room it declines for a new DM, and from anyone else it declines without joining — the
 * reason says why, the first time that person is refused.
 */
final class Invites {
    private static final Logger LOG = LoggerFactory.getLogger(Invites.class);

    private final MatrixApi api;
    private final Gatekeeper gate;
    private final DirectRooms dms;
    private final EncryptedRooms encrypted;

    Invites(MatrixApi api, Gatekeeper gate, DirectRooms dms, EncryptedRooms encrypted) {
        this.api = Objects.requireNonNull(api, "api");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.encrypted = Objects.requireNonNull(encrypted, "encrypted");
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
        if (invite.encrypted()) {
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
        if (invite.direct()) {
            dms.adopt(inviter.get(), roomId);
        }
        LOG.info("joined {} room {} invited by {}", invite.direct() ? "direct" : "shared", roomId, inviter.get());
    }
}
