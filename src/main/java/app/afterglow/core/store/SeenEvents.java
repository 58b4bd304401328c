package app.afterglow.core.store;

import java.time.Instant;

/**
 * Platform events already handled, so one delivered twice (a retried interaction, a sync replayed
 * after a crash) is handled once. Called only inside {@link Transactions#inTransaction}.
 */
public interface SeenEvents {
    /** Records {@code key}; returns false if it was already recorded. */
    boolean firstSight(String key, Instant now);

    /** Forgets keys recorded before {@code cutoff}; platforms never redeliver that late. */
    void forgetBefore(Instant cutoff);
}
