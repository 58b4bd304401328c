package app.afterglow.matrix;

import app.afterglow.core.util.Backoff;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * HTTP and JSON against one homeserver: adds the access token, turns error answers into
 * {@link MatrixException}s, and retries what may pass — a 429 after the wait the homeserver asked
 * for, a 5xx or a lost connection after a randomised backoff — a bounded number of times. Logs
 * method, path and status only, never a body. Thread-safe.
 */
final class MatrixClient {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: {@code body} is null for none. */
    record Request(String method, String path, Map<String, String> query, byte[] body, String contentType,
                   Duration timeout, boolean authenticated) {
        Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            query = Map.copyOf(query);
            Objects.requireNonNull(timeout, "timeout");
        }

        static Request get(String path) {
            return new Request("GET", path, Map.of(), null, null, REQUEST_TIMEOUT, true);
        }

        static Request post(String path, JsonNode body) {
            return new Request("POST", path, Map.of(), bytes(body), "application/json", REQUEST_TIMEOUT, true);
        }

        static Request put(String path, JsonNode body) {
            return new Request("PUT", path, Map.of(), bytes(body), "application/json", REQUEST_TIMEOUT, true);
        }

        static Request upload(String path, byte[] data, String contentType) {
            return new Request("POST", path, Map.of(), data.clone(), contentType, REQUEST_TIMEOUT, true);
        }

        Request query(Map<String, String> more) {
            return new Request(method, path, more, body, contentType, timeout, authenticated);
        }

        Request timeout(Duration longer) {
            return new Request(method, path, query, body, contentType, longer, authenticated);
        }

        Request anonymous() {
            return new Request(method, path, query, body, contentType, timeout, false);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        private static byte[] bytes(JsonNode body) {
            try {
                return JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("a JSON tree that cannot be written", e);
            }
        }
    }

    private final String base;
    private final HttpClient http;
    private final Backoff backoff;
    private final int attempts;
    private final Duration longestWait;
    private volatile String accessToken;

    /**
     * @param attempts    how many times a request is tried in all before its failure is handed back
     * @param longestWait a 429 asking to wait longer than this is handed back at once, so a caller
     *                    with its own schedule (the outbox) is not held up
     */
    MatrixClient(URI homeserver, Backoff backoff, int attempts, Duration longestWait) {
        String text = Objects.requireNonNull(homeserver, "homeserver").toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.attempts = attempts;
        this.longestWait = Objects.requireNonNull(longestWait, "longestWait");
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A client-server API path, {@code /_matrix/client/v3/} and the segments, each percent-encoded. */
    static String client(String... segments) {
        return "/_matrix/client/v3/" + encode(segments);
    }

    /** A media repository path, {@code /_matrix/media/v3/} and the segments. */
    static String media(String... segments) {
        return "/_matrix/media/v3/" + encode(segments);
    }

    void useToken(String token) {
        this.accessToken = Objects.requireNonNull(token, "token");
    }

    /** Sends {@code request}, retrying what may pass; throws the last failure once retrying is over. */
    JsonNode call(Request request) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return once(request);
            } catch (MatrixException e) {
                if (!e.isTransient() || attempt + 1 >= attempts) {
                    throw e;
                }
                Duration wait = e.retryAfter().isPresent() ? e.retryAfter().get() : backoff.delay(attempt);
                if (wait.compareTo(longestWait) > 0) {
                    throw e;
                }
                LOG.info("{}; trying again in {} ms", e.getMessage(), wait.toMillis());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** Sends {@code request} once. */
    JsonNode once(Request request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request))
                .timeout(request.timeout())
                .method(request.method(), request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.authenticated()) {
            String token = accessToken;
            if (token == null) {
                throw new IllegalStateException("no access token yet for " + request);
            }
            builder.header("Authorization", "Bearer " + token);
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MatrixException(request.toString(), 0, "", Optional.empty(), e);
        }
        int status = response.statusCode();
        LOG.debug("{} -> {} in {} ms", request, status, Duration.ofNanos(System.nanoTime() - started).toMillis());
        Optional<JsonNode> body = parse(response.body());
        if (status / 100 == 2) {
            // A proxy's error page on a 200 is no answer the bot can use: treat it as none.
            return body.orElseThrow(() -> new MatrixException(request.toString(), 0, "", Optional.empty(), null));
        }
        String errcode = body.map(b -> b.path("errcode").asText("")).orElse("");
        Optional<Duration> retryAfter = status == 429 ? retryAfter(body, response.headers()) : Optional.empty();
        throw new MatrixException(request.toString(), status, errcode, retryAfter, null);
    }

    private URI uri(Request request) {
        String query = request.query().entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + request.path() + (query.isEmpty() ? "" : "?" + query));
    }

    private static Optional<JsonNode> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code retry_after_ms} from the body, else the {@code Retry-After} header in seconds (spec v1.10). */
    private static Optional<Duration> retryAfter(Optional<JsonNode> body, HttpHeaders headers) {
        Optional<Duration> fromBody = body.map(b -> b.path("retry_after_ms"))
                .filter(JsonNode::canConvertToLong)
                .map(ms -> Duration.ofMillis(Math.max(0, ms.asLong())));
        if (fromBody.isPresent()) {
            return fromBody;
        }
        return headers.firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String encode(String... segments) {
        return Arrays.stream(segments)
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
