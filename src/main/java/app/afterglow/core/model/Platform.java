package app.afterglow.core.model;

/** Where a person talks to the bot. A partnership never spans two platforms. */
public enum Platform {
    CONSOLE, DISCORD, MATRIX
}
