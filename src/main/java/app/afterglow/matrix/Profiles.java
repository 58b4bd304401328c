package app.afterglow.matrix;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Display names, learnt from membership events as they pass and otherwise asked of the homeserver
 * once. A display name is chosen by its owner: untrusted text, which the core shows inert.
 * Thread-safe.
 */
final class Profiles {
    private static final int REMEMBERED = 1000;

    private final MatrixApi api;
    private final Map<String, String> names = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    Profiles(MatrixApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    synchronized void learn(String userId, String displayName) {
        if (displayName != null && !displayName.isBlank()) {
            names.put(userId, displayName);
        }
    }

    /** The display name of {@code userId}, or the id itself when they have none. */
    String name(String userId) throws InterruptedException {
        synchronized (this) {
            String known = names.get(userId);
            if (known != null) {
                return known;
            }
        }
        String name = api.displayName(userId).orElse(userId);
        synchronized (this) {
            // Kept even when it is only the id, so a person without a display name costs one request, not one per message.
            names.putIfAbsent(userId, name);
        }
        return name;
    }
}
