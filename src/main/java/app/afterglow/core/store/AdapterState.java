package app.afterglow.core.store;

import java.util.Optional;

/**
 * Small values a platform adapter must keep across restarts (a sync position, the DM room of a
 * person), by namespace and key. Never a person's words. Called only inside
 * {@link Transactions#inTransaction}.
 */
public interface AdapterState {
    Optional<String> get(String namespace, String key);

    void put(String namespace, String key, String value);

    void remove(String namespace, String key);
}
