package app.afterglow.core.conversation;

import app.afterglow.core.model.Person;
import app.afterglow.core.model.QuietHours;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;

/** When something scheduled may reach a person, given their quiet hours in their own time zone. */
public final class QuietTime {
    private QuietTime() {
    }

    /** {@code at} itself, or the end of the quiet hours it falls in. */
    public static Instant nextAllowed(Person person, Instant at) {
        if (person.quietHours().isEmpty()) {
            return at;
        }
        QuietHours quiet = person.quietHours().get();
        ZonedDateTime local = at.atZone(person.zone());
        if (!quiet.contains(local.toLocalTime())) {
            return at;
        }
        LocalDateTime end = local.toLocalDate().atTime(quiet.end());
        if (!end.isAfter(local.toLocalDateTime())) {
            end = end.plusDays(1);
        }
        return end.atZone(person.zone()).toInstant();
    }
}
