package app.afterglow.testing.matrix;

/** Sync tokens ({@code next_batch}, {@code since}): the global stream position, with a prefix so clients treat them as opaque. */
final class SyncToken {
    private SyncToken() {
    }

    static String format(long position) {
        return "s" + position;
    }

    /** The position in {@code token}, if it is one this server could have handed out by now. */
    static long parse(String token, long current) {
        try {
            long position = token.startsWith("s") ? Long.parseLong(token.substring(1)) : -1;
            if (position >= 0 && position <= current) {
                return position;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as any other token this server never issued
        }
        throw new MatrixError(400, "M_INVALID_PARAM", "Unknown sync token " + token);
    }
}
