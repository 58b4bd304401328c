package app.afterglow.testing.discord;

/** A place where the bot can post and people can interact: a guild text channel or a DM. */
public sealed interface StandInChannel permits StandInTextChannel, StandInDmChannel {
    long id();
}
