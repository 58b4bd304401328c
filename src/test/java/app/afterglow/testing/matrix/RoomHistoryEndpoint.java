package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code GET /rooms/{roomId}/messages}: pages through a room's events between two stream
 * tokens, the way a client fills the gap a {@code limited} sync timeline leaves. Sync tokens and
 * {@code prev_batch} tokens are the same positions here, so either may be {@code from} or {@code to}.
 */
final class RoomHistoryEndpoint {
    private static final int MAX_LIMIT = 100;

    private final HomeserverState state;

    RoomHistoryEndpoint(HomeserverState state) {
        this.state = state;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "v3/rooms/{}/messages", true, this::messages));
    }

    private JsonNode messages(ApiRequest request) {
        String dir = request.query().getOrDefault("dir", "");
        if (!dir.equals("b") && !dir.equals("f")) {
            throw new MatrixError(400, "M_INVALID_PARAM", "dir must be b or f");
        }
        boolean backwards = dir.equals("b");
        long now = state.position();
        String fromToken = request.query().get("from");
        long from = fromToken == null ? (backwards ? now : 0) : SyncToken.parse(fromToken, now);
        String toToken = request.query().get("to");
        Long to = toToken == null ? null : SyncToken.parse(toToken, now);
        int limit = limit(request.query().get("limit"));

        List<StoredEvent> page = state.page(request.session().userId(), request.param(0), from, to, backwards, limit + 1);
        boolean more = page.size() > limit;
        List<StoredEvent> shown = page.subList(0, Math.min(limit, page.size()));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode chunk = body.putArray("chunk");
        shown.forEach(e -> chunk.add(e.toClientJson(true, request.session().accessToken())));
        body.put("start", SyncToken.format(from));
        if (more) {
            long last = shown.get(shown.size() - 1).ordinal();
            body.put("end", SyncToken.format(backwards ? last - 1 : last));
        }
        return body;
    }

    private static int limit(String value) {
        try {
            return value == null ? 10 : Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            throw new MatrixError(400, "M_INVALID_PARAM", "limit must be a number");
        }
    }
}
