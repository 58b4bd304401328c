package app.afterglow.core.util;

/**
 * Describes a failure for the log without its messages: an exception's message may quote data
 * (a parser echoing its input, a driver echoing a value), and a person's words never go in a log.
 */
public final class SafeLog {
    private static final int FRAMES = 8;

    private SafeLog() {
    }

    /** Exception classes of the cause chain, each with its top stack frames. */
    public static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("\n  caused by ");
            }
            sb.append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                sb.append("\n    at ").append(frames[i]);
            }
        }
        return sb.toString();
    }
}
