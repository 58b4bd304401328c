package app.afterglow.testing.matrix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One room: its timeline in stream order and its current state. Not thread-safe on its own;
 * every access happens under the {@link HomeserverState} lock.
 */
final class Room {
    static final String MEMBER = "m.room.member";

    private final String id;
    private final List<StoredEvent> timeline = new ArrayList<>();
    private final Map<String, StoredEvent> state = new LinkedHashMap<>();

    Room(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    void append(StoredEvent event) {
        timeline.add(event);
        if (event.isState()) {
            state.put(stateKey(event.type(), event.stateKey()), event);
        }
    }

    List<StoredEvent> timeline() {
        return List.copyOf(timeline);
    }

    /** Events with an ordinal in (after, upTo], oldest first. */
    List<StoredEvent> timelineBetween(long after, long upTo) {
        return timeline.stream().filter(e -> e.ordinal() > after && e.ordinal() <= upTo).toList();
    }

    Collection<StoredEvent> currentState() {
        return List.copyOf(state.values());
    }

    Optional<StoredEvent> stateEvent(String type, String stateKey) {
        return Optional.ofNullable(state.get(stateKey(type, stateKey)));
    }

    /**
     * The room state just before stream position {@code before}, restricted to entries set after
     * {@code after}: a sync's "state" block is this with {@code after} the client's last position.
     */
    Collection<StoredEvent> stateChanges(long after, long before) {
        Map<String, StoredEvent> folded = new LinkedHashMap<>();
        for (StoredEvent event : timeline) {
            if (event.ordinal() >= before) {
                break;
            }
            if (event.isState()) {
                folded.put(stateKey(event.type(), event.stateKey()), event);
            }
        }
        folded.values().removeIf(e -> e.ordinal() <= after);
        return folded.values();
    }

    /** The current membership of {@code userId}: join, invite, leave or ban; "leave" if never a member. */
    String membership(String userId) {
        return memberEvent(userId).map(e -> e.content().path("membership").asText()).orElse("leave");
    }

    Optional<StoredEvent> memberEvent(String userId) {
        return stateEvent(MEMBER, userId);
    }

    boolean isJoined(String userId) {
        return membership(userId).equals("join");
    }

    List<String> membersWith(String membership) {
        return state.values().stream()
                .filter(e -> e.type().equals(MEMBER))
                .filter(e -> e.content().path("membership").asText().equals(membership))
                .map(StoredEvent::stateKey)
                .toList();
    }

    /** Who was joined once the stream had reached position {@code at}. */
    Set<String> joinedAt(long at) {
        Map<String, String> membership = new HashMap<>();
        for (StoredEvent event : timeline) {
            if (event.ordinal() > at) {
                break;
            }
            if (event.type().equals(MEMBER)) {
                membership.put(event.stateKey(), event.content().path("membership").asText());
            }
        }
        return membership.entrySet().stream()
                .filter(e -> e.getValue().equals("join"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    boolean isEncrypted() {
        return stateEvent("m.room.encryption", "").isPresent();
    }

    private static String stateKey(String type, String stateKey) {
        return type + '\u0000' + stateKey;
    }
}
