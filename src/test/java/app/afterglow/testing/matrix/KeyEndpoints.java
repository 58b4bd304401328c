package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end encryption endpoints: uploading, querying and claiming device keys, and sending
 * to devices. The stand-in stores keys as given and checks no signature: verifying them is the
 * clients' job, which is what the tests examine.
 */
final class KeyEndpoints {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HomeserverState state;

    KeyEndpoints(HomeserverState state) {
        this.state = state;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "v3/keys/upload", true, this::upload),
                Route.of("POST", "v3/keys/query", true, this::query),
                Route.of("POST", "v3/keys/claim", true, this::claim),
                Route.of("PUT", "v3/sendToDevice/{}/{}", true, this::sendToDevice));
    }

    private JsonNode upload(ApiRequest request) {
        JsonNode body = request.body();
        Map<String, Integer> counts = state.uploadKeys(request.session(), body.get("device_keys"),
                body.get("one_time_keys"), body.get("fallback_keys"));
        ObjectNode answer = JSON.objectNode();
        counts.forEach(answer.putObject("one_time_key_counts")::put);
        return answer;
    }

    private JsonNode query(ApiRequest request) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> user : fields(request.body(), "device_keys")) {
            if (!user.getValue().isArray()) {
                throw MatrixError.badJson("device_keys maps user ids to lists of device ids");
            }
            List<String> deviceIds = new ArrayList<>();
            user.getValue().forEach(id -> deviceIds.add(id.asText()));
            wanted.put(user.getKey(), deviceIds);
        }
        ObjectNode answer = JSON.objectNode();
        answer.set("device_keys", state.queryKeys(wanted));
        answer.putObject("failures");
        return answer;
    }

    private JsonNode claim(ApiRequest request) {
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> user : fields(request.body(), "one_time_keys")) {
            Map<String, String> byDevice = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> device : fields(user.getValue(), null)) {
                if (!device.getValue().isTextual()) {
                    throw MatrixError.badJson("one_time_keys maps devices to an algorithm name");
                }
                byDevice.put(device.getKey(), device.getValue().asText());
            }
            wanted.put(user.getKey(), byDevice);
        }
        ObjectNode answer = JSON.objectNode();
        answer.set("one_time_keys", state.claimKeys(wanted));
        answer.putObject("failures");
        return answer;
    }

    private JsonNode sendToDevice(ApiRequest request) {
        JsonNode messages = request.body().get("messages");
        if (messages == null || !messages.isObject()) {
            throw MatrixError.badJson("Missing object field 'messages'");
        }
        state.sendToDevice(request.session(), request.param(0), request.param(1), messages);
        return JSON.objectNode();
    }

    /** The fields of {@code node}'s object {@code field} (of {@code node} itself when null), or 400 M_BAD_JSON. */
    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node, String field) {
        JsonNode object = field == null ? node : node.get(field);
        if (object == null || !object.isObject()) {
            throw MatrixError.badJson(field == null ? "Expected an object" : "Missing object field '" + field + "'");
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            entries.add(it.next());
        }
        return entries;
    }
}
