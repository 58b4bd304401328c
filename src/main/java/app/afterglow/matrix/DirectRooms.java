package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Each person's one DM room with the bot: the room they invited it to, or one it opens (private,
 * marked direct in both invite and the bot's {@code m.direct}, end-to-end encrypted unless the
 * encryption mode says otherwise) when it must reach them first. In {@code required} mode an
 * unencrypted room is never a DM: the person is told so there, once, and moved to an encrypted
 * one. Every DM room hears the greeting, which says whether the room is encrypted, once, before
 * anything else. Thread-safe: methods are serialised, so two threads never open two rooms for one
 * person.
 */
final class DirectRooms {
    private static final Logger LOG = LoggerFactory.getLogger(DirectRooms.class);
    private static final ObjectNode MEGOLM = JsonNodeFactory.instance.objectNode().put("algorithm", MatrixApi.MEGOLM);

    private final String botUserId;
    private final MatrixApi api;
    private final MatrixState state;
    private final Replies replies;
    private final RoomEncryption encryption;
    /** Rooms found to hold more than the bot and one person, until their membership changes. */
    private final Set<String> shared = new HashSet<>();

    DirectRooms(String botUserId, MatrixApi api, MatrixState state, Replies replies, RoomEncryption encryption) {
        this.botUserId = Objects.requireNonNull(botUserId, "botUserId");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.encryption = Objects.requireNonNull(encryption, "encryption");
    }

    /** The DM room with {@code userId}, greeted; opened first if there is none. */
    synchronized String roomFor(String userId) throws InterruptedException {
        Optional<String> known = state.dmRoom(userId);
        if (known.isPresent() && !encryption.fitsForDm(known.get())) {
            moveOut(known.get());
            known = Optional.empty();
        }
        String roomId = known.isPresent() ? known.get() : open(userId);
        greet(roomId);
        return roomId;
    }

    /**
     * Whether {@code roomId} is {@code userId}'s DM: the one on record, or else a room with just
     * the two of them in it (none invited either), which then becomes it — a person keeps talking
     * where they are (a DM from before the bot's first start, or after they erased their data),
     * and a room no one else is in is as private as one the bot opened.
     */
    synchronized boolean isPrivateWith(String roomId, String userId) throws InterruptedException {
        if (state.dmRoom(userId).filter(roomId::equals).isPresent()) {
            return true;
        }
        if (state.dmOwner(roomId).isPresent() || shared.contains(roomId)) {
            return false;
        }
        if (api.members(roomId).equals(Set.of(botUserId, userId))) {
            if (!encryption.fitsForDm(roomId)) {
                return false;
            }
            adopt(userId, roomId);
            return true;
        }
        shared.add(roomId);
        return false;
    }

    /**
     * Whether {@code roomId}, where {@code userId} wrote, would be their DM but for being
     * unencrypted in {@code required} mode; then they have been told and moved to an encrypted DM.
     */
    synchronized boolean turnedAway(String roomId, String userId) throws InterruptedException {
        if (encryption.fitsForDm(roomId) || state.dmOwner(roomId).filter(owner -> !owner.equals(userId)).isPresent()
                || shared.contains(roomId) || !api.members(roomId).equals(Set.of(botUserId, userId))) {
            return false;
        }
        moveOut(roomId);
        roomFor(userId);
        return true;
    }

    /** Someone joined, left or was invited: whether the room is private must be looked at again. */
    synchronized void membershipChanged(String roomId) {
        shared.remove(roomId);
    }

    synchronized Optional<String> owner(String roomId) {
        return state.dmOwner(roomId);
    }

    /** Makes {@code roomId}, which the bot has joined, the DM with {@code userId}, and greets it. */
    synchronized void adopt(String userId, String roomId) throws InterruptedException {
        if (!encryption.fitsForDm(roomId)) {
            turnedAway(roomId, userId);
            return;
        }
        state.dm(userId, roomId);
        markDirect(userId, roomId);
        greet(roomId);
        LOG.info("DM room {} is now the one with {}", roomId, userId);
    }

    /** Stops using {@code roomId} as anyone's DM; a later message to them opens a new one. */
    synchronized void forget(String roomId) {
        state.forgetDm(roomId).ifPresent(owner -> LOG.info("DM room {} is no longer used for {}", roomId, owner));
    }

    /** Forgets the DM of {@code userId}, if any: after they erased their data, nothing links them to a room. */
    synchronized void forgetPerson(String userId) {
        state.dmRoom(userId).ifPresent(this::forget);
    }

    /** Says the greeting in {@code roomId} unless it was said there already. */
    synchronized void greet(String roomId) throws InterruptedException {
        if (state.greeted(roomId)) {
            return;
        }
        replies.say(roomId, TxnIds.greeting(roomId), Notices.greeting(encryption.on() && encryption.isEncrypted(roomId)));
        state.markGreeted(roomId);
    }

    private String open(String userId) throws InterruptedException {
        boolean encrypted = encryption.encryptsNewDm(userId);
        String roomId = api.createDirectRoom(userId, encrypted);
        // Remembered before anything else can fail, so a retry reuses this room instead of opening another.
        state.dm(userId, roomId);
        if (encrypted) {
            encryption.turnedOn(roomId, MEGOLM);
        }
        LOG.info("opened {} DM room {} with {}", encrypted ? "an encrypted" : "an unencrypted", roomId, userId);
        if (!encryption.on() && encryption.isEncrypted(roomId)) {
            LOG.error("the homeserver turned end-to-end encryption on in the new DM room {}, but matrix.encryption is "
                    + "off, so the bot cannot read replies there. Set matrix.encryption to preferred or required, or "
                    + "turn off encryption by default for new rooms on the homeserver (Synapse: "
                    + "encryption_enabled_by_default_for_room_type: off).", roomId);
        }
        markDirect(userId, roomId);
        return roomId;
    }

    /**
     * An unencrypted room can't be a DM in {@code required} mode: said there why (in clear, as the
     * room is), forgotten and left. The caller opens the encrypted DM.
     */
    private void moveOut(String roomId) throws InterruptedException {
        replies.say(roomId, TxnIds.encryption(roomId, roomId), Notices.encryptedOnly());
        forget(roomId);
        api.leave(roomId, Optional.empty());
        LOG.info("left the unencrypted room {}: matrix.encryption is required", roomId);
    }

    /** Adds the room to the bot's {@code m.direct}, so clients that show the bot's account see it as a DM. */
    private void markDirect(String userId, String roomId) throws InterruptedException {
        try {
            ObjectNode direct = api.directRooms();
            JsonNode existing = direct.path(userId);
            ArrayNode rooms = existing.isArray() ? (ArrayNode) existing : direct.putArray(userId);
            for (JsonNode room : rooms) {
                if (room.asText().equals(roomId)) {
                    return;
                }
            }
            rooms.add(TextNode.valueOf(roomId));
            api.putDirectRooms(direct);
        } catch (MatrixException e) {
            // Only a label for clients: the bot's own record of the room is already kept.
            LOG.warn("could not mark room {} as direct: {}", roomId, e.getMessage());
        }
    }
}
