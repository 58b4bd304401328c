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
}
