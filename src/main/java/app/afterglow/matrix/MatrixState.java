package app.afterglow.matrix;

import app.afterglow.core.Input;
import app.afterglow.core.store.AdapterState;
import app.afterglow.core.store.Transactions;
import app.afterglow.core.util.Digest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Matrix adapter remembers across restarts, each value in its own small transaction: the
 * sync position, the access token from a password login, each person's DM room, which rooms
 * and people were already told something once, which rooms are encrypted, encrypted events
 * still waiting for their keys (as they came, still encrypted), and which check-in step each of
 * the bot's recent questions showed and which one each DM shows now. The storage seals values and keys
 * alike and finds them by a keyed lookup; keys that name a person or a room are hashed here
 * besides, so no user id — a stranger's above all — is kept even sealed. Thread-safe.
 */
final class MatrixState {
    private static final String SYNC = "matrix";
    private static final String DM = "matrix.dm";
    private static final String DM_OWNER = "matrix.dm-owner";
    private static final String GREETED = "matrix.greeted";
    private static final String ENCRYPTED = "matrix.encrypted";
    private static final String REFUSED = "matrix.refused";
    private static final String UPLOAD = "matrix.upload";
    private static final String SHOWN = "matrix.shown";
    private static final String SENDING = "matrix.sending";
    private static final String ON_SCREEN = "matrix.on-screen";
    private static final String ROOM_ENCRYPTION = "matrix.room-encryption";
    private static final String UNREAD = "matrix.unread";
    private static final String UNREAD_ROOMS = "matrix.unread-rooms";
    /** How many of a room's latest question messages a reply can still be bound to. */
    static final int SHOWN_KEPT = 64;

    private final Transactions transactions;
    private final AdapterState state;

    MatrixState(Transactions transactions, AdapterState state) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.state = Objects.requireNonNull(state, "state");
    }

    Optional<String> nextBatch() {
        return get(SYNC, "next_batch");
    }

    void nextBatch(String token) {
        put(SYNC, "next_batch", token);
    }

    /** The token from an earlier password login as {@code userId}, if one is kept. */
    Optional<String> accessToken(String userId) {
        return get(SYNC, "access_token:" + userId);
    }

    /** The device of the last password login as {@code userId}, kept even when its token is dropped. */
    Optional<String> deviceId(String userId) {
        return get(SYNC, "device_id:" + userId);
    }

    void login(String userId, String accessToken, String deviceId) {
        transactions.run(() -> {
            state.put(SYNC, "access_token:" + userId, accessToken);
            state.put(SYNC, "device_id:" + userId, deviceId);
        });
    }

    void forgetAccessToken(String userId) {
        transactions.run(() -> state.remove(SYNC, "access_token:" + userId));
    }

    Optional<String> dmRoom(String userId) {
        return get(DM, hash(userId));
    }

    /** Whose DM {@code roomId} is, if it is one. */
    Optional<String> dmOwner(String roomId) {
        return get(DM_OWNER, hash(roomId));
    }

    /** Makes {@code roomId} the DM with {@code userId}, in place of any earlier one; it shows no step yet. */
    void dm(String userId, String roomId) {
        transactions.run(() -> {
            state.get(DM, hash(userId)).ifPresent(old -> state.remove(DM_OWNER, hash(old)));
            state.put(DM, hash(userId), roomId);
            state.put(DM_OWNER, hash(roomId), userId);
            if (state.get(ON_SCREEN, hash(roomId)).isEmpty()) {
                state.put(ON_SCREEN, hash(roomId), Input.Say.NOTHING_SHOWN);
            }
        });
    }

    /** Forgets {@code roomId} as anyone's DM; returns whose it was. */
    Optional<String> forgetDm(String roomId) {
        return transactions.inTransaction(() -> {
            Optional<String> owner = state.get(DM_OWNER, hash(roomId));
            owner.ifPresent(user -> {
                if (state.get(DM, hash(user)).filter(roomId::equals).isPresent()) {
                    state.remove(DM, hash(user));
                }
            });
            state.remove(DM_OWNER, hash(roomId));
            // What the room showed means nothing once it is no longer the person's DM.
            List.of(SHOWN, SENDING, ON_SCREEN).forEach(namespace -> state.remove(namespace, hash(roomId)));
            return owner;
        });
    }

    boolean greeted(String roomId) {
        return get(GREETED, hash(roomId)).isPresent();
    }

    void markGreeted(String roomId) {
        put(GREETED, hash(roomId), "yes");
    }

    boolean encryptionHandled(String roomId) {
        return get(ENCRYPTED, hash(roomId)).isPresent();
    }

    void markEncryptionHandled(String roomId) {
        put(ENCRYPTED, hash(roomId), "yes");
    }

    /** Records that {@code userId} was refused; returns false if they already had been. */
    boolean firstRefusal(String userId) {
        return transactions.inTransaction(() -> {
            if (state.get(REFUSED, hash(userId)).isPresent()) {
                return false;
            }
            state.put(REFUSED, hash(userId), "yes");
            return true;
        });
    }

    /** The {@code mxc://} URI already uploaded for outbox entry {@code entryId}'s attachment. */
    Optional<String> upload(long entryId) {
        return get(UPLOAD, Long.toString(entryId));
    }

    void upload(long entryId, String mxcUri) {
        put(UPLOAD, Long.toString(entryId), mxcUri);
    }

    /**
     * The encrypted file already uploaded for outbox entry {@code entryId}: the {@code file} object
     * of an encrypted attachment, with its key, kept so a retry sends the same upload.
     */
    Optional<String> encryptedUpload(long entryId) {
        return get(UPLOAD, "file:" + entryId);
    }

    void encryptedUpload(long entryId, String fileJson) {
        put(UPLOAD, "file:" + entryId, fileJson);
    }

    void forgetUpload(long entryId) {
        transactions.run(() -> {
            state.remove(UPLOAD, Long.toString(entryId));
            state.remove(UPLOAD, "file:" + entryId);
        });
    }

    /** Records that event {@code eventId} in {@code roomId} showed the check-in step {@code token}. */
    void shown(String roomId, String eventId, String token) {
        keepLatest(SHOWN, roomId, eventId, token);
    }

    /** The check-in step event {@code eventId} showed, if the bot sent it lately in {@code roomId}. */
    Optional<String> shownBy(String roomId, String eventId) {
        return latest(SHOWN, roomId, eventId);
    }

    /** Records, before it goes, that the bot's message sent under {@code txnId} to {@code roomId} shows step {@code token}. */
    void sending(String roomId, String txnId, String token) {
        keepLatest(SENDING, roomId, txnId, token);
    }

    /** The check-in step of the message the bot sent lately under {@code txnId} in {@code roomId}. */
    Optional<String> sentUnder(String roomId, String txnId) {
        return latest(SENDING, roomId, txnId);
    }

    /**
     * The check-in step {@code roomId} shows now, in the room's own order: its latest question to
     * come back in a sync, or {@link Input.Say#NOTHING_SHOWN} in a DM that has shown none; empty
     * for a room the bot has not followed this way (a DM from before it did).
     */
    Optional<String> onScreen(String roomId) {
        return get(ON_SCREEN, hash(roomId));
    }

    void onScreen(String roomId, String token) {
        put(ON_SCREEN, hash(roomId), token);
    }

    private void keepLatest(String namespace, String roomId, String key, String token) {
        transactions.run(() -> {
            List<String> kept = new ArrayList<>(state.get(namespace, hash(roomId)).map(v -> v.lines().toList()).orElse(List.of()));
            kept.add(key + " " + token);
            List<String> latest = kept.subList(Math.max(0, kept.size() - SHOWN_KEPT), kept.size());
            state.put(namespace, hash(roomId), String.join("\n", latest));
        });
    }

    private Optional<String> latest(String namespace, String roomId, String key) {
        return get(namespace, hash(roomId)).flatMap(v -> v.lines()
                .filter(line -> line.startsWith(key + " "))
                .map(line -> line.substring(key.length() + 1))
                .reduce((first, second) -> second));
    }

    /** The {@code m.room.encryption} content of {@code roomId}, if the bot saw encryption turned on there. */
    Optional<String> roomEncryption(String roomId) {
        return get(ROOM_ENCRYPTION, hash(roomId));
    }

    void roomEncryption(String roomId, String content) {
        put(ROOM_ENCRYPTION, hash(roomId), content);
    }

    /** The encrypted events of {@code roomId} waiting for their keys, one JSON object per line, oldest first. */
    List<String> unread(String roomId) {
        return get(UNREAD, hash(roomId)).map(v -> v.lines().toList()).orElse(List.of());
    }

    /** Replaces what waits in {@code roomId}; the rooms with anything waiting are listed alongside. */
    void unread(String roomId, List<String> events) {
        transactions.run(() -> {
            List<String> rooms = new ArrayList<>(roomsWithUnread());
            if (events.isEmpty()) {
                state.remove(UNREAD, hash(roomId));
                rooms.remove(roomId);
            } else {
                state.put(UNREAD, hash(roomId), String.join("\n", events));
                if (!rooms.contains(roomId)) {
                    rooms.add(roomId);
                }
            }
            if (rooms.isEmpty()) {
                state.remove(UNREAD_ROOMS, "rooms");
            } else {
                state.put(UNREAD_ROOMS, "rooms", String.join("\n", rooms));
            }
        });
    }

    List<String> roomsWithUnread() {
        return get(UNREAD_ROOMS, "rooms").map(v -> v.lines().toList()).orElse(List.of());
    }

    private Optional<String> get(String namespace, String key) {
        return transactions.inTransaction(() -> state.get(namespace, key));
    }

    private void put(String namespace, String key, String value) {
        transactions.run(() -> state.put(namespace, key, value));
    }

    private static String hash(String id) {
        return Digest.of(id);
    }
}
