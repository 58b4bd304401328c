package app.afterglow.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Two people who agreed to check in with each other. A side is empty once that person erased
 * their data; the other keeps their own history.
 */
public record Partnership(long id, Optional<PersonId> inviter, Optional<PersonId> invitee,
                          PartnershipStatus status, Instant createdAt) {
    public Partnership {
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(invitee, "invitee");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean includes(PersonId person) {
        return inviter.filter(person::equals).isPresent() || invitee.filter(person::equals).isPresent();
    }

    /** The other side, seen from {@code person}; empty if they erased their data. */
    public Optional<PersonId> other(PersonId person) {
        if (inviter.filter(person::equals).isPresent()) {
            return invitee;
        }
        if (invitee.filter(person::equals).isPresent()) {
            return inviter;
        }
        throw new IllegalArgumentException(person + " is not in partnership " + id);
    }

    public boolean isOpen() {
        return status == PartnershipStatus.PENDING || status == PartnershipStatus.ACTIVE;
    }
}
