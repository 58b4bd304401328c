package app.afterglow.core.model;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone the bot knows, with their own settings.
 *
 * @param focusCheckinId the check-in that plain-text replies go to, if any
 */
public record Person(PersonId id, PlatformUser user, ZoneId zone, Optional<QuietHours> quietHours,
                     Optional<Long> focusCheckinId) {
    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(quietHours, "quietHours");
        Objects.requireNonNull(focusCheckinId, "focusCheckinId");
    }

    public String name() {
        return user.displayName();
    }
}
