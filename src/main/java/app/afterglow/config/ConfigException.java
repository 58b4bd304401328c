package app.afterglow.config;

/**
 * The configuration cannot be used. The message is written for the person running the bot: it
 * names the file or environment variable and the field, says what is expected, and never contains
 * a secret. No cause is attached, because parser exceptions quote the offending line, which may
 * hold a token.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
