package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One gateway payload the bot sent to the stand-in, such as IDENTIFY (op 2), RESUME (op 6) or a
 * heartbeat (op 1). {@code data} is the payload's {@code d}; a JSON null node when it had none.
 */
public record GatewayFrame(int op, JsonNode data, Instant at) {
    public static final int HEARTBEAT = 1;
    public static final int IDENTIFY = 2;
    public static final int RESUME = 6;

    public GatewayFrame {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(at, "at");
    }
}
