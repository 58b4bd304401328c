package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One parsed client request as an endpoint sees it: the path parameters a route captured, the
 * query, the JSON body (an empty object when there was none, or for a media upload), on
 * authenticated routes the session its access token stands for (null on the others), and the raw
 * body with its content type (null when none was sent) for uploads.
 */
record ApiRequest(List<String> params, Map<String, String> query, JsonNode body, Session session, byte[] rawBody,
                  String contentType) {

    String param(int index) {
        return params.get(index);
    }

    /** A required string field of the body, or 400 M_BAD_JSON. */
    String requireText(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw MatrixError.badJson("Missing string field '" + field + "'");
        }
        return value.asText();
    }
}
