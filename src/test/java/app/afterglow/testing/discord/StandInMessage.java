package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message the bot created, as the stand-in held it when this snapshot was taken (edits made
 * later are not reflected). {@code json} is the Discord message object JDA was given; it is a
 * private copy, so reading it from any thread is safe.
 */
public record StandInMessage(long id, long channelId, JsonNode json) {
    /** Discord's message flag for "only the person who used the interaction can see this". */
    public static final int EPHEMERAL = 1 << 6;

    public StandInMessage {
        Objects.requireNonNull(json, "json");
    }

    public String content() {
        return json.path("content").asText("");
    }

    public int flags() {
        return json.path("flags").asInt(0);
    }

    public boolean ephemeral() {
        return (flags() & EPHEMERAL) != 0;
    }

    /** The {@code custom_id} of every button and select menu on the message, top to bottom. */
    public List<String> componentIds() {
        List<String> ids = new ArrayList<>();
        collectCustomIds(json.path("components"), ids);
        return ids;
    }

    /** The components of {@code type} (2 button, 3 string select) on the message, top to bottom. */
    public List<JsonNode> components(int type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode row : json.path("components")) {
            for (JsonNode component : row.path("components")) {
                if (component.path("type").asInt() == type) {
                    found.add(component);
                }
            }
        }
        return found;
    }

    private static void collectCustomIds(JsonNode components, List<String> into) {
        for (JsonNode component : components) {
            if (component.hasNonNull("custom_id")) {
                into.add(component.get("custom_id").asText());
            }
            collectCustomIds(component.path("components"), into);
        }
    }
}
