package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;

/** The media repository's upload, under {@code /_matrix/media/}: files are kept in memory for the test to read. */
final class MediaEndpoints {
    private final HomeserverState state;

    MediaEndpoints(HomeserverState state) {
        this.state = state;
    }

    List<Route> routes() {
        return List.of(Route.of("POST", "v3/upload", true, this::upload));
    }

    private JsonNode upload(ApiRequest request) {
        if (request.contentType() == null || request.contentType().isBlank()) {
            throw new MatrixError(400, "M_MISSING_PARAM", "Content-Type is required");
        }
        String filename = request.query().getOrDefault("filename", "");
        String uri = state.upload(filename, request.contentType(), request.rawBody());
        return JsonNodeFactory.instance.objectNode().put("content_uri", uri);
    }
}
