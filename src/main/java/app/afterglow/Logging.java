package app.afterglow;

import app.afterglow.config.LogConfig;

/**
 * Hands the configured log level to slf4j-simple, which reads it once, when the first logger is
 * made: so {@link #apply} must run before any class that holds a logger is loaded — SQLite's
 * loader and the storage included — or those loggers keep the bundled default.
 */
final class Logging {
    /** The system property slf4j-simple reads; it wins over {@code simplelogger.properties}. */
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private Logging() {
    }

    static void apply(LogConfig log) {
        System.setProperty(LEVEL_PROPERTY, log.level());
    }
}
