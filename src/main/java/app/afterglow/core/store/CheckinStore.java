package app.afterglow.core.store;

import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionSet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Check-ins and each person's progress in them. Progress (answers, share choices) is stored
 * encrypted. Called only inside {@link Transactions#inTransaction}.
 */
public interface CheckinStore {
    /** A new OPEN check-in with a fresh participation (at the first question) for each person. */
    Checkin create(Optional<Long> partnershipId, Optional<Long> sessionId, QuestionSet questions,
                   List<PersonId> participants, Instant now, Instant expiresAt);

    Optional<Checkin> find(long id);

    /**
     * The partnership's check-ins that are {@link CheckinStatus#OPEN OPEN}, newest first: at most
     * a few, whatever the couple's history.
     */
    List<Checkin> openForPartnership(long partnershipId);

    /** Check-ins the person takes part in, newest first. */
    List<Checkin> forPerson(PersonId person);

    /** The newest {@code limit} of {@link #forPerson}: a page, for a person with years of check-ins. */
    List<Checkin> forPerson(PersonId person, int limit);

    /**
     * The check-ins the person takes part in that are {@link CheckinStatus#OPEN OPEN}, newest
     * first. Asked on nearly every interaction, so its cost follows these alone, not the person's
     * history.
     */
    List<Checkin> openForPerson(PersonId person);

    /**
     * The newest of the person's check-ins that are {@link CheckinStatus#SAVED SAVED}: each saved
     * personal form supersedes the ones before, so this is the one that counts, found without
     * looking at the others.
     */
    Optional<Checkin> lastSavedForPerson(PersonId person);

    void updateStatus(long id, CheckinStatus status);

    Optional<Participation> participation(long checkinId, PersonId person);

    /** Every participation of the check-in, in the order the participants were given at creation. */
    List<Participation> participations(long checkinId);

    /**
     * Who takes part in the check-in, in the order they were given at creation: what
     * {@link #participations} would name, without opening anyone's answers.
     */
    List<PersonId> participants(long checkinId);

    void save(Participation participation);

    /**
     * Erases, for good, every check-in that is no longer open and whose deadline passed before
     * {@code cutoff} (so it closed before then too), with every participation in it and every job
     * for it. An open check-in is never erased, however old, nor the form a person saved last (their
     * aftercare preferences stay until they save new ones). Returns how many were erased.
     */
    int eraseClosedBefore(Instant cutoff);
}
