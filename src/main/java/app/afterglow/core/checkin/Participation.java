package app.afterglow.core.checkin;

import app.afterglow.core.model.PersonId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One person's part in one check-in.
 *
 * @param submittedAt when they submitted; empty while answering
 * @param reminded    whether the one gentle reminder was already sent
 */
public record Participation(long checkinId, PersonId person, Progress progress,
                            Optional<Instant> submittedAt, boolean reminded) {
    public Participation {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    public boolean submitted() {
        return submittedAt.isPresent();
    }

    public Participation with(Progress next) {
        return new Participation(checkinId, person, next, submittedAt, reminded);
    }

    public Participation submit(Instant at) {
        return new Participation(checkinId, person, progress, Optional.of(at), reminded);
    }

    public Participation markReminded() {
        return new Participation(checkinId, person, progress, submittedAt, true);
    }
}
