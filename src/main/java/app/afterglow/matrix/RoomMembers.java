package app.afterglow.matrix;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is in a room (joined or invited), for sending into it encrypted: the room key goes to their
 * devices. Asked of the homeserver once and then kept until the sync shows a membership event in
 * that room, instead of asked before every message, which cost each encrypted message a second
 * round trip. What is kept can only lag behind a change the bot has not yet seen, so a newcomer
 * it has not seen gets no key (before, one asked about just then did); each change it sees is
 * told here before the events after it are handled. An answer that was on its way while a change
 * was told is used once and not kept. Thread-safe: the sync thread tells of changes while
 * messages are sent.
 */
final class RoomMembers {
    private final MatrixApi api;
    private final Map<String, Set<String>> known = new HashMap<>();
    /** Per room, how many changes were told: an answer asked for before one is not kept. */
    private final Map<String, Long> changes = new HashMap<>();

    RoomMembers(MatrixApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Everyone in {@code roomId} or invited to it. */
    Set<String> of(String roomId) throws InterruptedException {
        long asked;
        synchronized (this) {
            Set<String> kept = known.get(roomId);
            if (kept != null) {
                return kept;
            }
            asked = changes.getOrDefault(roomId, 0L);
        }
        Set<String> members = Set.copyOf(api.members(roomId));
        synchronized (this) {
            if (changes.getOrDefault(roomId, 0L) == asked) {
                known.put(roomId, members);
            }
        }
        return members;
    }

    /** Someone joined, left or was invited to {@code roomId}: it is asked about again. */
    synchronized void changed(String roomId) {
        known.remove(roomId);
        changes.merge(roomId, 1L, Long::sum);
    }
}
