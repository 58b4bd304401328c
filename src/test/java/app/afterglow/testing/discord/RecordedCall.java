package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One REST request JDA made to the stand-in and the status it was answered with.
 *
 * @param path      relative to the API base, without query, as in Discord's docs: {@code users/@me}
 * @param query     the raw query string, empty when there was none
 * @param body      the JSON body; for multipart requests the parsed {@code payload_json} part;
 *                  a JSON null node when the request had no body
 * @param fileNames file names of the uploaded parts of a multipart request, in order
 * @param at        when the stand-in handled it, by the stand-in's clock
 */
public record RecordedCall(String method, String path, String query, JsonNode body, List<String> fileNames,
                           int status, Instant at) {
    public RecordedCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        fileNames = List.copyOf(fileNames);
        Objects.requireNonNull(at, "at");
    }

    /** Whether this is {@code method} on a path matching {@code pathRegex} as a whole. */
    public boolean is(String method, String pathRegex) {
        return this.method.equals(method) && path.matches(pathRegex);
    }
}
