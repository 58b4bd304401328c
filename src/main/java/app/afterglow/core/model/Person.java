package app.afterglow.core.model;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone the bot knows, with their own settings.
 *
 * @param focus the check-in step this person was last shown, which a typed reply answers
 */
public record Person(PersonId id, PlatformUser user, ZoneId zone, Optional<QuietHours> quietHours,
                     Optional<Focus> focus) {
    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(quietHours, "quietHours");
        Objects.requireNonNull(focus, "focus");
    }

    public String name() {
        return user.displayName();
    }
}
