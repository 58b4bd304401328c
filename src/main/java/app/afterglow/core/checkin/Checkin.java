package app.afterglow.core.checkin;

import app.afterglow.core.questions.QuestionSet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of questions. The question set is kept as it was when the round started, so a
 * deployment changing its sets never reshapes a round in progress.
 *
 * @param partnershipId empty for a personal form (preferences), or once the partnership was erased
 * @param sessionId     the session this round belongs to, if any
 */
public record Checkin(long id, Optional<Long> partnershipId, Optional<Long> sessionId, QuestionSet questions,
                      CheckinStatus status, Instant createdAt, Instant expiresAt) {
    public Checkin {
        Objects.requireNonNull(partnershipId, "partnershipId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(questions, "questions");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean open() {
        return status == CheckinStatus.OPEN;
    }
}
