package app.afterglow.storage;

import java.util.Objects;

/**
 * People's profiles as last opened ({@link OpenedValues}): every interaction looks its person up,
 * and every delivery its recipient (about a tenth of the Discord worker's processor time went to
 * opening them). Only the most recently used {@link #KEPT} are kept, and an erased person's is
 * dropped at once. Thread-safe.
 */
final class OpenedProfiles {
    static final int KEPT = 4096;

    private final Encryptor encryptor;
    private final OpenedValues<Long, PersonProfile> kept = new OpenedValues<>(KEPT);

    OpenedProfiles(Encryptor encryptor) {
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    }

    /** Person {@code personId}'s profile from its sealed bytes, opened only if these bytes were not opened last. */
    PersonProfile open(long personId, byte[] sealed) {
        return kept.open(personId, sealed, bytes -> PersonProfile.open(personId, bytes, encryptor));
    }

    /** Forgets person {@code personId}'s profile, as when they were erased. */
    void forget(long personId) {
        kept.forget(personId);
    }
}
