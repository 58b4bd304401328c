package app.afterglow.discord;

import net.dv8tion.jda.api.exceptions.ErrorResponseException;

import java.util.Optional;

/**
 * What Discord said when it refused a request, as ids only: its JSON error code and the HTTP
 * status. Never its message text, which for an invalid body describes what was sent.
 */
final class DiscordErrors {
    private DiscordErrors() {
    }

    /** The code of {@code error} if it is Discord's answer, e.g. {@code "50007 (HTTP 403)"}. */
    static Optional<String> code(Throwable error) {
        if (!(error instanceof ErrorResponseException e)) {
            return Optional.empty();
        }
        return Optional.of(e.getErrorCode() + " (" + (status(e) > 0 ? "HTTP " + status(e) : "no answer") + ")");
    }

    /** The HTTP status of Discord's answer; 0 or less when there was none (the request itself failed). */
    static int status(ErrorResponseException e) {
        return e.getResponse() == null ? 0 : e.getResponse().code;
    }
}
