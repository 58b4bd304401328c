package app.afterglow.core.store;

import app.afterglow.core.model.PersonId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Work due at a time: stored, so it survives a restart and runs late rather than never.
 *
 * @param id 0 for a job not yet stored
 */
public record Job(long id, Kind kind, Instant dueAt, Optional<Long> checkinId, Optional<PersonId> person,
                  Optional<Long> partnershipId, Optional<Long> sessionId) {
    public enum Kind {
        /** The one gentle reminder to a person who has not finished a check-in. */
        REMIND,
        /** A check-in's deadline. */
        EXPIRE,
        /** The next-day follow-up check-in after a session. */
        FOLLOWUP
    }

    public Job {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(checkinId, "checkinId");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(partnershipId, "partnershipId");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
