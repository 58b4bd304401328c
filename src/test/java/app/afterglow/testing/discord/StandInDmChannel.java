package app.afterglow.testing.discord;

import java.util.Objects;

/** The direct-message channel (Discord channel type 1) between the bot and {@code recipient}. */
public record StandInDmChannel(long id, StandInUser recipient) implements StandInChannel {
    public StandInDmChannel {
        Objects.requireNonNull(recipient, "recipient");
    }
}
