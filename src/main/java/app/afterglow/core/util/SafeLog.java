package app.afterglow.core.util;

import java.util.Optional;
import java.util.function.Function;

/**
 * Describes a failure for the log without its messages: an exception's message may quote data
 * (a parser echoing its input, a driver echoing a value), and a person's words never go in a log.
 * What an adapter knows to be ids only — a platform's error code and HTTP status — it may add.
 */
public final class SafeLog {
    private static final int FRAMES = 8;

    private SafeLog() {
    }

    /**
     * A failure that knows a code for itself made of ids only (a database's result code, say),
     * which {@link #describe} adds beside its class.
     */
    public interface Coded {
        Optional<String> code();
    }

    /**
     * Exception classes of the cause chain, each with its top stack frames and, for a
     * {@link Coded} one, its code.
     */
    public static String describe(Throwable error) {
        return describe(error, t -> Optional.empty());
    }

    /**
     * As {@link #describe(Throwable)}, with each other exception's platform error code where
     * {@code codeOf} gives one; {@code codeOf} must return ids and statuses only, never text the
     * platform echoed.
     */
    public static String describe(Throwable error, Function<Throwable, Optional<String>> codeOf) {
        StringBuilder sb = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append("\n  caused by ");
            }
            sb.append(t.getClass().getName());
            Optional<String> code = t instanceof Coded coded ? coded.code() : codeOf.apply(t);
            code.ifPresent(c -> sb.append(" [").append(c).append(']'));
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                sb.append("\n    at ").append(frames[i]);
            }
        }
        return sb.toString();
    }
}
