package app.afterglow.matrix;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the homeserver refused or never answered. Carries the HTTP status (0 when there was
 * no answer at all), the Matrix {@code errcode} and, for a rate limit, how long to wait — never
 * the response body, which may echo what was sent. The message names only method, path (ids)
 * and status, so it may be logged as it is.
 */
final class MatrixException extends RuntimeException {
    private final int status;
    private final String errcode;
    private final Optional<Duration> retryAfter;

    MatrixException(String request, int status, String errcode, Optional<Duration> retryAfter, Throwable cause) {
        super(request + " -> " + (status == 0 ? "no answer" : status + (errcode.isEmpty() ? "" : " " + errcode)), cause);
        this.status = status;
        this.errcode = errcode;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    String errcode() {
        return errcode;
    }

    /** For a 429: the wait the homeserver asked for, if it said. */
    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The homeserver's answer as ids only, e.g. {@code "M_FORBIDDEN (HTTP 403)"}, for logs and the outbox. */
    String code() {
        return status == 0 ? "no answer" : (errcode.isEmpty() ? "" : errcode + " ") + "(HTTP " + status + ")";
    }

    /** {@link #code()} of {@code error} if it is a homeserver's answer; for {@link app.afterglow.core.util.SafeLog}. */
    static Optional<String> codeOf(Throwable error) {
        return error instanceof MatrixException e ? Optional.of(e.code()) : Optional.empty();
    }

    /** A rate limit, a server error or no answer: the same request may well succeed later. */
    boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }

    /** The access token is unknown, missing or logged out. */
    boolean isUnknownToken() {
        return status == 401;
    }

    /** The homeserver answered that the caller may not do this (not in the room, not invited, …). */
    boolean isRefused() {
        return status == 403 || status == 404;
    }
}
