package app.afterglow.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * People's profiles as last opened, each kept beside the sealed bytes it was opened from, so a
 * person seen again is not decrypted and parsed again while their row holds the very same bytes:
 * every interaction looks its person up, and every delivery its recipient (about a tenth of the
 * Discord worker's processor time went to opening them). A profile sealed anew (new bytes, since
 * every seal draws a fresh nonce) is opened again. Only the most recently used {@link #KEPT} are
 * kept, and an erased person's is dropped at once. In memory only, for as long as the process
 * runs, as every opened value is while it is used. Thread-safe.
 */
final class OpenedProfiles {
    static final int KEPT = 4096;

    private record Opened(byte[] sealed, PersonProfile profile) {
    }

    private final Encryptor encryptor;
    private final Json json;
    private final Map<Long, Opened> kept = new RecentlyUsed<>(KEPT);

    OpenedProfiles(Encryptor encryptor, Json json) {
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Person {@code personId}'s profile from its sealed bytes, opened only if these bytes were not opened last. */
    PersonProfile open(long personId, byte[] sealed) {
        synchronized (kept) {
            Opened last = kept.get(personId);
            if (last != null && Arrays.equals(last.sealed(), sealed)) {
                return last.profile();
            }
        }
        PersonProfile profile = PersonProfile.open(personId, sealed, encryptor, json);
        synchronized (kept) {
            kept.put(personId, new Opened(sealed.clone(), profile));
        }
        return profile;
    }

    /** Forgets person {@code personId}'s profile, as when they were erased. */
    void forget(long personId) {
        synchronized (kept) {
            kept.remove(personId);
        }
    }
}
