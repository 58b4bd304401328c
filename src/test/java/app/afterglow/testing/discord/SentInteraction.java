package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * An interaction the stand-in dispatched as INTERACTION_CREATE. Pass it to
 * {@link DiscordStandIn#deliverAgain(SentInteraction)} to simulate Discord delivering it twice.
 *
 * @param payload the dispatched {@code d} object; a private copy
 */
public record SentInteraction(long id, String token, JsonNode payload) {
    public SentInteraction {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(payload, "payload");
    }
}
