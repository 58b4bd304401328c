package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** What goes back to the client: status, JSON body and any extra headers. */
record ApiResponse(int status, JsonNode body, Map<String, String> headers) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, Map.of());
    }

    static ApiResponse error(MatrixError error) {
        return error(error.status(), error.errcode(), error.getMessage());
    }

    static ApiResponse error(int status, String errcode, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("errcode", errcode).put("error", message);
        return new ApiResponse(status, body, Map.of());
    }
}
