package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
                content(type, json)));
    }

    /** The content; a redaction's names what it deletes there, as room version 11 puts it, whatever the room's version. */
    private static JsonNode content(String type, JsonNode json) {
        JsonNode content = json.path("content");
        JsonNode redacts = json.path("redacts");
        if (!type.equals("m.room.redaction") || content.has("redacts") || !redacts.isTextual() || !content.isObject()) {
            return content;
        }
        ObjectNode withTarget = ((ObjectNode) content).deepCopy();
        withTarget.set("redacts", redacts);
        return withTarget;
    }

    boolean isMembership() {
        return type.equals("m.room.member") && stateKey.isPresent();
    }

    String membership() {
        return content.path("membership").asText("");
    }
}
