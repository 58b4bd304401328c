package app.afterglow.core.store;

import app.afterglow.core.model.PersonId;

import java.time.Instant;
import java.util.List;

/** Scheduled work. Called only inside {@link Transactions#inTransaction}. */
public interface JobStore {
    /** Stores the job (its id is ignored) and returns it with its new id. */
    Job schedule(Job job);

    /** Jobs due at or before {@code now}, earliest first (the older job first at equal times), at most {@code limit}. */
    List<Job> due(Instant now, int limit);

    void reschedule(long jobId, Instant dueAt);

    void delete(long jobId);

    void deleteForCheckin(long checkinId);

    void deleteForPartnership(long partnershipId);

    void deleteForPerson(PersonId person);
}
