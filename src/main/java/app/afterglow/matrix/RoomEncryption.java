package app.afterglow.matrix;

import app.afterglow.config.MatrixConfig;
import app.afterglow.matrix.e2ee.E2ee;
import app.afterglow.matrix.e2ee.Rotation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which rooms are end-to-end encrypted and what the configured {@code matrix.encryption} mode
 * makes of that: whether the bot may talk in a room, whether a DM it opens is encrypted, and how
 * often a room's key turns over. A room counts as encrypted once the bot saw its
 * {@code m.room.encryption} state, which is kept; a room it knows nothing of is asked about once
 * per run, so the bot never writes in clear into a room that turned encryption on unseen.
 * Thread-safe.
 */
final class RoomEncryption {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MatrixConfig.Encryption mode;
    private final Optional<E2ee> e2ee;
    private final MatrixApi api;
    private final MatrixState state;
    /** Rooms asked about in this run and found unencrypted, until their encryption state shows up. */
    private final Set<String> plain = Collections.synchronizedSet(new HashSet<>());

    RoomEncryption(MatrixConfig.Encryption mode, Optional<E2ee> e2ee, MatrixApi api, MatrixState state) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.e2ee = Objects.requireNonNull(e2ee, "e2ee");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        if (e2ee.isPresent() == (mode == MatrixConfig.Encryption.OFF)) {
            throw new IllegalArgumentException("encryption is there exactly when the mode is not off");
        }
    }

    /** Whether the bot speaks end-to-end encryption at all. */
    boolean on() {
        return e2ee.isPresent();
    }

    MatrixConfig.Encryption mode() {
        return mode;
    }

    /** The encryption; only when {@link #on()}. */
    E2ee e2ee() {
        return e2ee.orElseThrow(() -> new IllegalStateException("end-to-end encryption is off"));
    }

    boolean isEncrypted(String roomId) throws InterruptedException {
        if (state.roomEncryption(roomId).isPresent()) {
            return true;
        }
        if (plain.contains(roomId)) {
            return false;
        }
        Optional<JsonNode> encryption = api.encryption(roomId);
        if (encryption.isPresent()) {
            turnedOn(roomId, encryption.get());
            return true;
        }
        plain.add(roomId);
        return false;
    }

    /** The room's {@code m.room.encryption} state was seen: from now on it is encrypted. */
    void turnedOn(String roomId, JsonNode content) {
        plain.remove(roomId);
        state.roomEncryption(roomId, content.toString());
    }

    /** Whether a person may be talked with in {@code roomId} as their DM: in {@code required} mode only encrypted. */
    boolean fitsForDm(String roomId) throws InterruptedException {
        return mode != MatrixConfig.Encryption.REQUIRED || isEncrypted(roomId);
    }

    /** Whether a DM the bot opens with {@code userId} is encrypted: always, unless off or their client has no keys. */
    boolean encryptsNewDm(String userId) throws InterruptedException {
        return switch (mode) {
            case REQUIRED -> true;
            case PREFERRED -> e2ee().hasDevices(userId);
            case OFF -> false;
        };
    }

    /** How often the room's outbound key turns over: the bot's limits, or the room's stricter ones. */
    Rotation rotation(String roomId) {
        JsonNode content = state.roomEncryption(roomId).map(RoomEncryption::parse).orElse(MAPPER.createObjectNode());
        return Rotation.forRoom(content.path("rotation_period_msgs").asLong(0), content.path("rotation_period_ms").asLong(0));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }
}
