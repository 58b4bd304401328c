package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/** One room event from a sync or a history page, as far as the bot reads it. */
record RoomEvent(String roomId, String eventId, String type, String sender, Optional<String> stateKey, JsonNode content) {
    RoomEvent {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(content, "content");
    }

    /** Reads an event of room {@code roomId}; empty when it lacks what every event has. */
    static Optional<RoomEvent> of(String roomId, JsonNode json) {
        String eventId = json.path("event_id").asText("");
        String type = json.path("type").asText("");
        String sender = json.path("sender").asText("");
        if (eventId.isEmpty() || type.isEmpty() || sender.isEmpty()) {
            return Optional.empty();
        }
        JsonNode stateKey = json.get("state_key");
        return Optional.of(new RoomEvent(roomId, eventId, type, sender,
                stateKey != null && stateKey.isTextual() ? Optional.of(stateKey.asText()) : Optional.empty(),
                json.path("content")));
    }

    boolean isMembership() {
        return type.equals("m.room.member") && stateKey.isPresent();
    }

    String membership() {
        return content.path("membership").asText("");
    }
}
