package app.afterglow.storage;

import app.afterglow.core.checkin.Progress;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;

import java.util.Objects;

/**
 * What the stores keep opened in memory so as not to decrypt and parse it again
 * ({@link OpenedValues}), together, so that erasing a person forgets all of it that names them or
 * carries their words: their profile, their progress, and every queued message (one to a partner
 * may quote them). Thread-safe.
 */
final class KeptOpen {
    final OpenedProfiles profiles;
    final OpenedValues<SqliteCheckinStore.Seat, Progress> progresses =
            new OpenedValues<>(SqliteCheckinStore.OPENED_PROGRESS);
    final OpenedValues<Long, Message> messages = new OpenedValues<>(SqliteOutbox.OPENED_MESSAGES);

    KeptOpen(Encryptor encryptor) {
        this.profiles = new OpenedProfiles(Objects.requireNonNull(encryptor, "encryptor"));
    }

    void forget(PersonId person) {
        profiles.forget(person.value());
        progresses.forgetIf(seat -> seat.personId() == person.value());
        messages.forgetAll();
    }
}
