package app.afterglow.matrix;

/**
 * The homeserver will not let the bot in — a refused or revoked access token, a wrong password, a
 * token of another account — so retrying cannot help and the host must act. The message says
 * what to change, in words for the host; it never contains a secret.
 */
public final class MatrixLoginException extends RuntimeException {
    MatrixLoginException(String message) {
        super(message);
    }
}
