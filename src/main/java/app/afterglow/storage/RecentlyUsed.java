package app.afterglow.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps only its {@code bound} most recently used entries, for what storage keeps
 * opened or parsed so as not to do it again. Not thread-safe: callers hold their own lock.
 */
final class RecentlyUsed<K, V> extends LinkedHashMap<K, V> {
    private final int bound;

    RecentlyUsed(int bound) {
        super(16, 0.75f, true);
        this.bound = bound;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > bound;
    }
}
