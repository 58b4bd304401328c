package app.afterglow.matrix.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The homeserver's key endpoints, as the encryption needs them: the bodies are the client-server
 * API's own JSON. A failure is the implementation's unchecked exception, thrown through; nothing
 * here is retried by the caller, which leaves that to whoever sent the message being encrypted.
 */
public interface KeyTransport {
    /** {@code POST /keys/upload}: returns the answer, with {@code one_time_key_counts}. */
    JsonNode uploadKeys(ObjectNode body) throws InterruptedException;

    /** {@code POST /keys/query}: returns the answer, with {@code device_keys}. */
    JsonNode queryKeys(ObjectNode body) throws InterruptedException;

    /** {@code POST /keys/claim}: returns the answer, with {@code one_time_keys}. */
    JsonNode claimKeys(ObjectNode body) throws InterruptedException;

    /**
     * {@code PUT /sendToDevice/{eventType}/{txnId}} with {@code messages}; the same {@code txnId}
     * is delivered once however often it is sent.
     */
    void sendToDevice(String eventType, String txnId, ObjectNode messages) throws InterruptedException;
}
