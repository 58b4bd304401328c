package app.afterglow.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A document as plain values, from any of Jackson's streaming parsers (YAML for the files people
 * write, JSON for the built-in question sets as the build stores them): each value is text (a
 * number as it is written), a {@link Boolean} only if asked for, a list, a mapping (a
 * {@link LinkedHashMap} in the document's order, which may be changed) or null.
 */
final class PlainTree {
    private PlainTree() {
    }

    /**
     * The document {@code parser} is at the start of; an empty one reads as an empty mapping.
     *
     * @return empty if the document is something other than a mapping
     */
    static Optional<Map<String, Object>> read(JsonParser parser, Yaml.Booleans booleans) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null || first == JsonToken.VALUE_NULL) {
            return Optional.of(new LinkedHashMap<>());
        }
        if (first != JsonToken.START_OBJECT) {
            return Optional.empty();
        }
        return Optional.of(mapping(parser, booleans));
    }

    private static Object value(JsonParser parser, Yaml.Booleans booleans) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonEOFException(parser, null, "the document ends inside a value");
        }
        return switch (token) {
            case START_OBJECT -> mapping(parser, booleans);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser, booleans));
                }
                yield items;
            }
            case VALUE_NULL -> null;
            case VALUE_TRUE, VALUE_FALSE -> booleans == Yaml.Booleans.AS_BOOLEANS ? parser.getBooleanValue()
                    : parser.getValueAsString();
            default -> parser.getValueAsString();
        };
    }

    private static Map<String, Object> mapping(JsonParser parser, Yaml.Booleans booleans) throws IOException {
        Map<String, Object> mapping = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            mapping.put(key, value(parser, booleans));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonEOFException(parser, token, "the document ends inside a mapping");
        }
        return mapping;
    }
}
