package app.afterglow.storage;

import app.afterglow.core.store.SeenEvents;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Handled platform events in table {@code seen_event}: each found by the keyed {@link StateLookup}
 * of its key (an event id links to a person and a time on the platform, so it is not kept), with
 * when it was seen sealed. Old ones are found by {@link IdOrder}, as ids grow with time.
 */
final class SqliteSeenEvents implements SeenEvents {
    private final Sql sql;
    private final SealedTimes times;
    private final StateLookup lookups;

    SqliteSeenEvents(Sql sql, SealedTimes times, StateLookup lookups) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.times = Objects.requireNonNull(times, "times");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
    }

    /**
     * The insert comes first: a transaction's first statement must be a write, since a read first
     * and a write after cannot wait for another process's lock (SQLite refuses the upgrade at
     * once). The id it returns is what the time is sealed to.
     */
    @Override
    public boolean firstSight(String key, Instant now) {
        Optional<Long> id = sql.one(
                "INSERT INTO seen_event (lookup, seen) VALUES (?, x'') ON CONFLICT (lookup) DO NOTHING RETURNING id",
                row -> row.getLong(1), lookups.seenEvent(key));
        id.ifPresent(row -> sql.update("UPDATE seen_event SET seen = ? WHERE id = ?", times.seal(now, context(row)), row));
        return id.isPresent();
    }

    @Override
    public void forgetBefore(Instant cutoff) {
        long last = IdOrder.lastBefore(sql, "SELECT coalesce(max(id), 0) FROM seen_event",
                "SELECT id, seen FROM seen_event WHERE id >= ? ORDER BY id LIMIT 1",
                IdOrder.stamped(times, SqliteSeenEvents::context), cutoff);
        for (long id : IdOrder.before(sql.list("SELECT id, seen FROM seen_event WHERE id <= ? ORDER BY id",
                IdOrder.stamped(times, SqliteSeenEvents::context), last), cutoff)) {
            sql.update("DELETE FROM seen_event WHERE id = ?", id);
        }
    }

    static String context(long id) {
        return "seen_event.seen of event " + id;
    }
}
