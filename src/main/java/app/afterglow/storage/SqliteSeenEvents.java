package app.afterglow.storage;

import app.afterglow.core.store.SeenEvents;

import java.time.Instant;
import java.util.Objects;

/** Handled platform events in table {@code seen_event}. */
final class SqliteSeenEvents implements SeenEvents {
    private final Sql sql;

    SqliteSeenEvents(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    @Override
    public boolean firstSight(String key, Instant now) {
        return sql.update("INSERT INTO seen_event (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, now) == 1;
    }

    @Override
    public void forgetBefore(Instant cutoff) {
        sql.update("DELETE FROM seen_event WHERE seen_at < ?", cutoff);
    }
}
