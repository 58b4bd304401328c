package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One room event as the stand-in keeps it. {@code ordinal} is its place in the global stream, so
 * "everything after a sync token" is a comparison. {@code accessToken} and {@code txnId} are set
 * only for events sent over HTTP, so the sender's own sync can echo {@code unsigned.transaction_id}.
 */
record StoredEvent(
        long ordinal,
        String eventId,
        String roomId,
        String type,
        String stateKey,
        String sender,
        long originServerTs,
        ObjectNode content,
        String accessToken,
        String txnId) {

    boolean isState() {
        return stateKey != null;
    }

    /** The event as a client sees it in a sync or state response; {@code content} is a copy. */
    ObjectNode toClientJson(boolean withRoomId, String viewerToken) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("event_id", eventId);
        json.put("sender", sender);
        json.put("origin_server_ts", originServerTs);
        if (withRoomId) {
            json.put("room_id", roomId);
        }
        if (stateKey != null) {
            json.put("state_key", stateKey);
        }
        json.set("content", content.deepCopy());
        ObjectNode unsigned = json.putObject("unsigned");
        if (txnId != null && accessToken.equals(viewerToken)) {
            unsigned.put("transaction_id", txnId);
        }
        return json;
    }

    /** The stripped form (type, state_key, sender, content) used in {@code invite_state}. */
    ObjectNode toStrippedJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("state_key", stateKey);
        json.put("sender", sender);
        json.set("content", content.deepCopy());
        return json;
    }
}
