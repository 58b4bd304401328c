package app.afterglow.testing.discord;

import java.util.Objects;

/** A text channel (Discord channel type 0) in one of the stand-in's guilds. */
public record StandInTextChannel(long id, long guildId, String name) implements StandInChannel {
    public StandInTextChannel {
        Objects.requireNonNull(name, "name");
    }
}
