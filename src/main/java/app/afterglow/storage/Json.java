package app.afterglow.storage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns the core's records (progress, messages, question sets) into JSON and back. Errors never
 * carry Jackson's own message or cause, which may quote the value being read: they say what was
 * being read and where in it. Thread-safe.
 */
final class Json {
    // No java.time module: none of these records holds a time (the stores keep times in columns
    // of their own, sealed), and making the module cost every start some 18 ms of processor.
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new Jdk8Module())
            // Rows written before a field was dropped from a record must still read.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    byte[] write(Object value, String what) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new StorageException("Could not write " + what + " as JSON (" + describe(e) + ")");
        }
    }

    <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new StorageException("Could not read " + what + " from its JSON (" + describe(e) + ")");
        }
    }

    String writeText(Object value, String what) {
        return new String(write(value, what), StandardCharsets.UTF_8);
    }

    <T> T readText(String json, Class<T> type, String what) {
        return read(json.getBytes(StandardCharsets.UTF_8), type, what);
    }

    private static String describe(IOException e) {
        return e instanceof JsonMappingException mapping
                ? e.getClass().getSimpleName() + " at " + mapping.getPathReference()
                : e.getClass().getSimpleName();
    }
}
