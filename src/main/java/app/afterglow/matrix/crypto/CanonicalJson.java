package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Matrix's canonical JSON and the signatures made over it (device keys, one-time keys, cross
 * signing). Thread-safe.
 */
public final class CanonicalJson {
    /** Jackson's defaults already write no whitespace and escape only what JSON requires. */
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private CanonicalJson() {
    }

    /** Canonical UTF-8 bytes of {@code value}: object keys sorted by code point, no whitespace, minimal escaping. */
    public static byte[] encode(JsonNode value) {
        try {
            return COMPACT.writeValueAsString(sorted(value)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * A copy of {@code value} with {@code signatures.{userId}.{keyId}} set to the account's
     * signature of the canonical form of {@code value} less {@code signatures} and {@code unsigned};
     * other signatures and {@code unsigned} are kept as they were.
     */
    public static ObjectNode signed(ObjectNode value, String userId, String keyId, OlmAccount account) {
        ObjectNode copy = value.deepCopy();
        String signature = account.sign(encode(signable(copy)));
        JsonNode existing = copy.get("signatures");
        ObjectNode signatures = existing instanceof ObjectNode object ? object : copy.putObject("signatures");
        JsonNode forUser = signatures.get(userId);
        ObjectNode userSignatures = forUser instanceof ObjectNode object ? object : signatures.putObject(userId);
        userSignatures.put(keyId, signature);
        return copy;
    }

    /**
     * Whether {@code value} carries a valid {@code signatures.{userId}.{keyId}} by
     * {@code ed25519Key} (base64) over its canonical form less {@code signatures} and
     * {@code unsigned}. A missing or malformed signature is simply not valid.
     */
    public static boolean verify(JsonNode value, String userId, String keyId, String ed25519Key) {
        if (!(value instanceof ObjectNode object)) {
            return false;
        }
        JsonNode signature = object.path("signatures").path(userId).path(keyId);
        if (!signature.isTextual()) {
            return false;
        }
        return Ed25519.verify(ed25519Key, encode(signable(object)), signature.asText());
    }

    private static ObjectNode signable(ObjectNode value) {
        ObjectNode copy = value.deepCopy();
        copy.remove("signatures");
        copy.remove("unsigned");
        return copy;
    }

    private static JsonNode sorted(JsonNode value) {
        if (value.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(CanonicalJson::compareCodePoints);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                out.set(name, sorted(value.get(name)));
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : value) {
                out.add(sorted(element));
            }
            return out;
        }
        return value;
    }

    // String.compareTo orders UTF-16 units, which puts supplementary characters before U+E000..U+FFFF.
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
