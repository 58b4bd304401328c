package app.afterglow.core.store;

import java.time.Instant;
import java.util.Optional;

/** Sessions: the time between {@code /session start} and {@code /session end} of a partnership. */
public interface SessionStore {
    record Session(long id, long partnershipId, Instant startedAt, Optional<Instant> endedAt) {
    }

    Session start(long partnershipId, Instant now);

    /** The partnership's session that was started and not yet ended, if any. */
    Optional<Session> open(long partnershipId);

    void end(long sessionId, Instant now);

    /**
     * Erases, for good, every session that ended before {@code cutoff} and that no job still waits
     * on (its follow-up has started). An open session is never erased. Returns how many were erased.
     */
    int eraseEndedBefore(Instant cutoff);
}
