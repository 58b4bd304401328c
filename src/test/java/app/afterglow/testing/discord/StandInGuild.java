package app.afterglow.testing.discord;

import java.util.List;
import java.util.Objects;

/** A guild as the stand-in serves it: a name and some text channels; the bot is always a member. */
public record StandInGuild(long id, String name, List<StandInTextChannel> textChannels) {
    public StandInGuild {
        Objects.requireNonNull(name, "name");
        textChannels = List.copyOf(textChannels);
    }

    /** The text channel called {@code channelName}; throws if the guild has none by that name. */
    public StandInTextChannel textChannel(String channelName) {
        return textChannels.stream()
                .filter(channel -> channel.name().equals(channelName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("guild " + name + " has no channel " + channelName));
    }
}
