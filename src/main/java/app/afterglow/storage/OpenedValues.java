package app.afterglow.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values as last opened from their rows' sealed bytes, each kept beside those bytes, so a row read
 * again while it holds the very same bytes is not decrypted and parsed again, and a row just
 * written is not opened at all when it is read back. A row sealed anew holds new bytes (every seal
 * draws a fresh nonce), so it is opened again; so is a row whose write was rolled back, or whose
 * bytes were put there from elsewhere (that open fails, as it would without this). Only the
 * {@code bound} most recently used values are kept; what is erased from the database is forgotten
 * here by its store at once. In memory only, for as long as the process runs, as every opened
 * value is while it is used. Thread-safe; the values kept must be immutable.
 *
 * @param <K> what names a row: the key its seal is bound to
 */
final class OpenedValues<K, V> {
    private record Kept<V>(byte[] sealed, V value) {
    }

    private final Map<K, Kept<V>> kept;

    OpenedValues(int bound) {
        this.kept = new RecentlyUsed<>(bound);
    }

    /** The value sealed in {@code sealed} for row {@code key}, opened with {@code open} only if these bytes were not kept. */
    V open(K key, byte[] sealed, Function<byte[], V> open) {
        synchronized (kept) {
            Kept<V> last = kept.get(key);
            if (last != null && Arrays.equals(last.sealed(), sealed)) {
                return last.value();
            }
        }
        V value = open.apply(sealed);
        keep(key, sealed, value);
        return value;
    }

    /** Keeps {@code value}, just sealed into {@code sealed} for row {@code key}. */
    void keep(K key, byte[] sealed, V value) {
        Objects.requireNonNull(value, "value");
        Kept<V> fresh = new Kept<>(sealed.clone(), value);
        synchronized (kept) {
            kept.put(key, fresh);
        }
    }

    void forget(K key) {
        synchronized (kept) {
            kept.remove(key);
        }
    }

    void forgetIf(Predicate<K> which) {
        synchronized (kept) {
            kept.keySet().removeIf(which);
        }
    }

    void forgetAll() {
        synchronized (kept) {
            kept.clear();
        }
    }

    /** Whether a value is kept for any row {@code which} names. */
    boolean keepsAny(Predicate<K> which) {
        synchronized (kept) {
            return kept.keySet().stream().anyMatch(which);
        }
    }
}
