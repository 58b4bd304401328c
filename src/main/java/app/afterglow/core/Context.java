package app.afterglow.core;

/** Where a person acted, which decides where the bot may answer. */
public enum Context {
    /** A DM with the bot, or the console: anything may be said here. */
    PRIVATE,
    /** A shared channel whose replies only the actor sees (Discord's ephemeral replies). */
    SHARED_EPHEMERAL,
    /** A shared room everyone reads (a Matrix group room): only a pointer to the DM is said here. */
    SHARED_PUBLIC
}
