package app.afterglow.testing.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP edge: decodes the path, applies injected faults, checks the access token, routes to an
 * endpoint, renders Matrix errors and records every answer. Runs on the HTTP server's worker
 * threads, several at once (a long-polling sync holds one).
 */
final class ClientApi implements HttpHandler {
    private static final List<String> CLIENT = List.of("_matrix", "client");
    private static final List<String> MEDIA = List.of("_matrix", "media");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HomeserverState state;
    private final FaultInjector faults;
    private final RequestLog log;
    private final List<Route> routes = new ArrayList<>();
    private final List<Route> mediaRoutes = new ArrayList<>();
    /** Requests answered late, as a distant homeserver's are; none unless a test says. */
    private volatile Optional<Slow> slow = Optional.empty();

    private record Slow(Pattern path, Duration delay) {
    }

    ClientApi(HomeserverState state, FaultInjector faults, RequestLog log) {
        this.state = state;
        this.faults = faults;
        this.log = log;
        routes.addAll(new SessionEndpoints(state).routes());
        routes.addAll(new RoomEndpoints(state).routes());
        routes.addAll(new SyncEndpoint(state).routes());
        routes.addAll(new KeyEndpoints(state).routes());
        routes.addAll(new RoomHistoryEndpoint(state).routes());
        mediaRoutes.addAll(new MediaEndpoints(state).routes());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            List<String> segments = decodedSegments(exchange.getRequestURI().getRawPath());
            String path = "/" + String.join("/", segments);
            String query = exchange.getRequestURI().getRawQuery();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            ApiResponse response = answer(method, path, segments, query, raw, contentType, authorization);
            Optional<Slow> late = slow.filter(s -> s.path().matcher(path).find());
            if (late.isPresent()) {
                Thread.sleep(late.get().delay().toMillis());
            }
            log.record(new RecordedRequest(method, path, query, body, response.status()));
            write(exchange, response);
        } catch (InterruptedException e) {
            // The stand-in is stopping: go without answering, as a homeserver that goes down would.
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /**
     * From now on, requests whose decoded path contains a match for {@code path} take effect at
     * once and are answered after {@code delay}.
     */
    void answerLate(Pattern path, Duration delay) {
        slow = Optional.of(new Slow(path, delay));
    }

    private ApiResponse answer(String method, String path, List<String> segments, String query, byte[] body,
                               String contentType, String authorization) throws InterruptedException {
        Optional<ApiResponse> injected = faults.take(path, FaultInjector.Phase.INSTEAD_OF_HANDLING);
        if (injected.isPresent()) {
            return injected.get();
        }
        ApiResponse response;
        try {
            response = ApiResponse.ok(dispatch(method, segments, query, body, contentType, authorization));
        } catch (MatrixError e) {
            response = ApiResponse.error(e);
        } catch (RuntimeException e) {
            // A bug in the stand-in itself: say so in the answer rather than drop the connection.
            response = ApiResponse.error(500, "M_UNKNOWN", "Stand-in failure: " + e);
        }
        return faults.take(path, FaultInjector.Phase.AFTER_HANDLING).orElse(response);
    }

    private JsonNode dispatch(String method, List<String> segments, String query, byte[] body, String contentType,
                              String authorization) throws InterruptedException {
        boolean media = startsWith(segments, MEDIA);
        if (!media && !startsWith(segments, CLIENT)) {
            throw new MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request");
        }
        List<String> rest = segments.subList(CLIENT.size(), segments.size());
        // Uploads are files, not JSON: their endpoints read the raw body instead.
        JsonNode json = media ? mapper.createObjectNode() : parseBody(new String(body, StandardCharsets.UTF_8));
        boolean pathKnown = false;
        for (Route route : media ? mediaRoutes : routes) {
            Optional<List<String>> params = route.match(rest);
            if (params.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                Session session = route.authenticated() ? authenticate(authorization) : null;
                return route.endpoint().handle(new ApiRequest(params.get(), parseQuery(query), json, session, body,
                        contentType));
            }
        }
        throw pathKnown
                ? new MatrixError(405, "M_UNRECOGNIZED", "Method not allowed")
                : new MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request");
    }

    private static boolean startsWith(List<String> segments, List<String> prefix) {
        return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
    }

    private Session authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new MatrixError(401, "M_MISSING_TOKEN", "Missing access token");
        }
        return state.session(authorization.substring("Bearer ".length()))
                .orElseThrow(() -> new MatrixError(401, "M_UNKNOWN_TOKEN", "Unrecognised access token"));
    }

    private JsonNode parseBody(String body) {
        if (body.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (!json.isObject()) {
                throw new MatrixError(400, "M_NOT_JSON", "Body is not a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new MatrixError(400, "M_NOT_JSON", "Body is not valid JSON");
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    /** Path segments, each percent-decoded on its own so an encoded '/' stays inside its segment. */
    private static List<String> decodedSegments(String rawPath) {
        // -1 keeps a trailing empty segment: ".../state/m.room.encryption/" asks for state key "".
        return Arrays.stream(rawPath.substring(1).split("/", -1))
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }

    private void write(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
