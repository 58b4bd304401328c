package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What is kept of a person only sealed, in {@code person.profile}: everything that names or
 * places them — the platform's id for them, their display name and bot flag, their time zone and
 * quiet hours (seconds of the day in that zone). Its JSON is the stored form, so a component is
 * only ever added, never renamed.
 */
record PersonProfile(String platformUserId, String displayName, boolean bot, String zone,
                     Optional<Integer> quietStart, Optional<Integer> quietEnd) {

    static PersonProfile of(PlatformUser user, ZoneId zone, Optional<QuietHours> quiet) {
        return new PersonProfile(user.id(), user.displayName(), user.bot(), zone.getId(),
                quiet.map(q -> q.start().toSecondOfDay()), quiet.map(q -> q.end().toSecondOfDay()));
    }

    PlatformUser user(Platform platform) {
        return new PlatformUser(platform, platformUserId, displayName, bot);
    }

    ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    Optional<QuietHours> quietHours() {
        return quietStart.isPresent() && quietEnd.isPresent()
                ? Optional.of(new QuietHours(LocalTime.ofSecondOfDay(quietStart.get()), LocalTime.ofSecondOfDay(quietEnd.get())))
                : Optional.empty();
    }

    byte[] seal(long personId, Encryptor encryptor, Json json) {
        String context = context(personId);
        return encryptor.seal(json.write(this, context), context);
    }

    static PersonProfile open(long personId, byte[] sealed, Encryptor encryptor, Json json) {
        String context = context(personId);
        return json.read(encryptor.open(sealed, context), PersonProfile.class, context);
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String context(long personId) {
        return "person.profile of " + new PersonId(personId);
    }
}
