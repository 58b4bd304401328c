package app.afterglow.core.store;

import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** People the bot knows. Called only inside {@link Transactions#inTransaction}. */
public interface PersonStore {
    /**
     * The person behind {@code user}, created with the given defaults on first sight. An existing
     * person's display name and bot flag are refreshed from {@code user}.
     */
    Person findOrCreate(PlatformUser user, ZoneId defaultZone, Optional<QuietHours> defaultQuiet, Instant now);

    Optional<Person> find(PersonId id);

    /** Looks a person up by platform and platform id, without creating them. */
    Optional<Person> find(PlatformUser user);

    void updateSettings(PersonId id, ZoneId zone, Optional<QuietHours> quietHours);

    /** Records the check-in step {@code id} was just shown; empty when nothing is on their screen. */
    void setFocus(PersonId id, Optional<Focus> focus);

    /**
     * Erases the person and everything that is theirs: participations and answers, jobs and
     * undelivered messages addressed to them. Partnerships keep the other side, with this side
     * emptied. Erased rows leave nothing readable in the database files.
     */
    void delete(PersonId id);
}
