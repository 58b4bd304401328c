package app.afterglow.testing.discord;

import java.util.Objects;

/**
 * A Discord account the stand-in knows: its own bot or a person acting in a test. Ids are
 * snowflakes issued by the stand-in, so JDA derives sensible creation times from them.
 */
public record StandInUser(long id, String username, boolean bot) {
    public StandInUser {
        Objects.requireNonNull(username, "username");
    }

    /** The id as Discord writes it in JSON: an unsigned decimal string. */
    public String idString() {
        return Long.toUnsignedString(id);
    }
}
