package app.afterglow.matrix;

import app.afterglow.core.util.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands each part of a sync batch to whoever deals with it: messages, encryption, membership
 * changes in DM rooms, invites, rooms left. A failure that may pass (the homeserver busy or away)
 * is thrown, so the whole batch is tried again from the same sync position — everything here is
 * safe to repeat. Any other failure is logged for its one event, which is then skipped, so one bad
 * event cannot stop the bot. Called from the sync thread only.
 */
final class EventRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    private final String botUserId;
    private final MatrixApi api;
    private final Gatekeeper gate;
    private final DirectRooms dms;
    private final MessageHandler messages;
    private final EncryptedRooms encrypted;
    private final Invites invites;
    private final Profiles profiles;
    private final Backfill backfill;
    private final Replies replies;

    EventRouter(String botUserId, MatrixApi api, Gatekeeper gate, DirectRooms dms, MessageHandler messages,
                EncryptedRooms encrypted, Invites invites, Profiles profiles, Backfill backfill, Replies replies) {
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
        this.api = Objects.requireNonNull(api, "api");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.encrypted = Objects.requireNonNull(encrypted, "encrypted");
        this.invites = Objects.requireNonNull(invites, "invites");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.backfill = Objects.requireNonNull(backfill, "backfill");
        this.replies = Objects.requireNonNull(replies, "replies");
    }

    /**
     * The first sync of a bot with no sync position: what is already in the rooms is history, and
     * answering it would surprise people, so only invites waiting for the bot are dealt with.
     */
    void firstSync(SyncBatch batch) throws InterruptedException {
        for (SyncBatch.Invite invite : batch.invites()) {
            guarded(invite.roomId(), () -> invites.handle(invite));
        }
    }

    /** Everything that happened since the sync position {@code since}. */
    void handle(SyncBatch batch, String since) throws InterruptedException {
        for (SyncBatch.JoinedRoom room : batch.joined()) {
            room.state().forEach(this::learnName);
            for (RoomEvent event : room.state()) {
                if (event.type().equals("m.room.encryption")) {
                    guarded(event.eventId(), () -> encryptionOn(event));
                }
            }
            List<RoomEvent> events = new ArrayList<>(backfill.missing(room, since));
            events.addAll(room.timeline());
            for (RoomEvent event : events) {
                guarded(event.eventId(), () -> route(event));
            }
        }
        for (SyncBatch.Invite invite : batch.invites()) {
            guarded(invite.roomId(), () -> invites.handle(invite));
        }
        batch.left().forEach(dms::forget);
    }

    private void route(RoomEvent event) throws InterruptedException {
        switch (event.type()) {
            case "m.room.message" -> messages.handle(event);
            case "m.room.encrypted", "m.room.encryption" -> encryptionOn(event);
            case "m.room.member" -> membership(event);
            default -> {
            }
        }
    }

    private void encryptionOn(RoomEvent event) throws InterruptedException {
        if (gate.allows(event.sender())) {
            encrypted.found(event.roomId(), event.sender());
        }
    }

    /** Keeps a DM private: when its person leaves, the bot does too; when anyone else comes in, it stops using it. */
    private void membership(RoomEvent event) throws InterruptedException {
        learnName(event);
        String member = event.stateKey().orElseThrow();
        Optional<String> owner = dms.owner(event.roomId());
        if (member.equals(botUserId) || owner.isEmpty()) {
            return;
        }
        String membership = event.membership();
        if (member.equals(owner.get()) && (membership.equals("leave") || membership.equals("ban"))) {
            dms.forget(event.roomId());
            api.leave(event.roomId(), Optional.empty());
        } else if (!member.equals(owner.get()) && (membership.equals("join") || membership.equals("invite"))) {
            dms.forget(event.roomId());
            replies.send(event.roomId(), event.eventId(), List.of(Notices.noLongerPrivate()));
        }
    }

    private void learnName(RoomEvent event) {
        if (event.isMembership() && event.membership().equals("join")) {
            profiles.learn(event.stateKey().orElseThrow(), event.content().path("displayname").asText(""));
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    private void guarded(String what, Step step) throws InterruptedException {
        try {
            step.run();
        } catch (MatrixException e) {
            if (e.isTransient() || e.isUnknownToken()) {
                throw e;
            }
            LOG.warn("skipped {}: {}", what, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("skipped {} after a failure: {}", what, SafeLog.describe(e));
        }
    }
}
