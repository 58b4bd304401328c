package app.afterglow.testing.matrix;

/**
 * One request the stand-in answered, for assertions.
 *
 * @param path the decoded path, e.g. {@code /_matrix/client/v3/rooms/!room1:local/send/m.room.message/t1}
 * @param query the raw query string, or null
 * @param body the request body as text (empty for none); the access token is never recorded
 * @param status the status the stand-in answered with, injected faults included
 */
public record RecordedRequest(String method, String path, String query, String body, int status) {
}
