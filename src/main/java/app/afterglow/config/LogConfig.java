package app.afterglow.config;

import java.util.List;
import java.util.Objects;

/**
 * How much the bot logs.
 *
 * @param level the least severe level written to standard error, lower case: {@code off},
 *              {@code error}, {@code warn}, {@code info} (the default), {@code debug} or {@code trace}.
 *              The level names are slf4j-simple's own, so the value is handed to it unchanged.
 */
public record LogConfig(String level) {
    /** The levels, from fewest lines to most. */
    static final List<String> LEVELS = List.of("off", "error", "warn", "info", "debug", "trace");

    public LogConfig {
        Objects.requireNonNull(level, "level");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("unknown log level");
        }
    }

    /** {@code info}: start-up, connections and failures, one line each. */
    public static LogConfig byDefault() {
        return new LogConfig("info");
    }
}
