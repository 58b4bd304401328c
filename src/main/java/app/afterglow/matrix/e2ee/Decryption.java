package app.afterglow.matrix.e2ee;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** What became of an encrypted room event. */
public sealed interface Decryption {
    /** Read: the event as its sender wrote it. */
    record Decrypted(String type, JsonNode content) implements Decryption {
        public Decrypted {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(content, "content");
        }
    }

    /** The bot has no key for it yet: one may still arrive. */
    record MissingKey() implements Decryption {
    }

    /** It can never be read as genuine: forged, replayed or not for this room. The reason has no content. */
    record Rejected(String reason) implements Decryption {
    }
}
