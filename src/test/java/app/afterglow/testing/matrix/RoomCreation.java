package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a {@code createRoom} call asks for, whether it came over HTTP or from a simulated user.
 * {@code preset} is one of private_chat, trusted_private_chat, public_chat; {@code name},
 * {@code topic} and {@code aliasLocalpart} may be null.
 */
record RoomCreation(
        String preset,
        boolean isDirect,
        List<String> invite,
        List<StateEntry> initialState,
        String name,
        String topic,
        String aliasLocalpart) {

    /** One {@code initial_state} entry. */
    record StateEntry(String type, String stateKey, ObjectNode content) {
    }

    RoomCreation {
        invite = List.copyOf(invite);
        initialState = List.copyOf(initialState);
    }
}
