package app.afterglow.core.store;

import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.PartnershipStatus;
import app.afterglow.core.model.PersonId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Partnerships. Called only inside {@link Transactions#inTransaction}. */
public interface PartnershipStore {
    /** A new PENDING partnership. */
    Partnership create(PersonId inviter, PersonId invitee, Instant now);

    Optional<Partnership> find(long id);

    /** Every partnership the person is part of, in any status, newest first. */
    List<Partnership> forPerson(PersonId person);

    void updateStatus(long id, PartnershipStatus status, Instant now);
}
