package app.afterglow.testing.matrix;

/**
 * A failure in Matrix terms: the HTTP status and the {@code errcode} a real homeserver would
 * answer with. Thrown by the in-memory state and turned into {@code {errcode, error}} JSON at the
 * HTTP edge; simulated users see it as a plain exception.
 */
public final class MatrixError extends RuntimeException {
    private final int status;
    private final String errcode;

    MatrixError(int status, String errcode, String message) {
        super(message);
        this.status = status;
        this.errcode = errcode;
    }

    static MatrixError notFound(String message) {
        return new MatrixError(404, "M_NOT_FOUND", message);
    }

    static MatrixError forbidden(String message) {
        return new MatrixError(403, "M_FORBIDDEN", message);
    }

    static MatrixError badJson(String message) {
        return new MatrixError(400, "M_BAD_JSON", message);
    }

    public int status() {
        return status;
    }

    public String errcode() {
        return errcode;
    }
}
