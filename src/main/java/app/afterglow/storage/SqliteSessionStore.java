package app.afterglow.storage;

import app.afterglow.core.store.SessionStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions, in table {@code session}: when one started and ended is sealed, bound to the session,
 * and no time is in clear; retention finds old sessions through their ids ({@link IdOrder}). Ending a session that does not exist fails; ending one twice keeps the first end.
 */
final class SqliteSessionStore implements SessionStore {
    private final Sql sql;
    private final SealedTimes times;

    SqliteSessionStore(Sql sql, SealedTimes times) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.times = Objects.requireNonNull(times, "times");
    }

    @Override
    public Session start(long partnershipId, Instant now) {
        Objects.requireNonNull(now, "now");
        // The id is part of what the seal is bound to, so the row is made first and sealed after.
        long id = sql.insert("INSERT INTO session (partnership_id, started) VALUES (?, x'') RETURNING id", partnershipId);
        sql.update("UPDATE session SET started = ? WHERE id = ?", times.seal(now, startedContext(id)), id);
        return new Session(id, partnershipId, Sql.stored(now), Optional.empty());
    }

    /** Ids grow with time, so the newest open session is the one with the highest id. */
    @Override
    public Optional<Session> open(long partnershipId) {
        return sql.one("""
                        SELECT id, partnership_id, started, ended FROM session
                        WHERE partnership_id = ? AND ended IS NULL
                        ORDER BY id DESC LIMIT 1""",
                this::session, partnershipId);
    }

    @Override
    public void end(long sessionId, Instant now) {
        Objects.requireNonNull(now, "now");
        if (sql.update("UPDATE session SET ended = ? WHERE id = ? AND ended IS NULL",
                times.seal(now, endedContext(sessionId)), sessionId) == 1) {
            return;
        }
        if (sql.one("SELECT 1 FROM session WHERE id = ?", row -> true, sessionId).isEmpty()) {
            throw new IllegalArgumentException("no session " + sessionId);
        }
    }

    /**
     * A session ends after it started, so every session to erase is among those started before
     * the cutoff: the newest of those is found through the ids, and the ended ones up to it that no
     * job waits on are opened and erased if they ended before the cutoff.
     */
    @Override
    public int eraseEndedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        long newest = IdOrder.lastBefore(sql, "SELECT coalesce(max(id), 0) FROM session",
                "SELECT id, started FROM session WHERE id >= ? ORDER BY id LIMIT 1",
                IdOrder.stamped(times, SqliteSessionStore::startedContext), cutoff);
        List<Long> old = IdOrder.before(sql.list("""
                        SELECT id, ended FROM session
                        WHERE id <= ? AND ended IS NOT NULL AND NOT EXISTS (SELECT 1 FROM job WHERE job.session_id = session.id)""",
                IdOrder.stamped(times, SqliteSessionStore::endedContext), newest), cutoff);
        for (long id : old) {
            sql.update("DELETE FROM session WHERE id = ?", id);
        }
        return old.size();
    }

    private Session session(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        return new Session(id, row.getLong("partnership_id"), times.open(row.getBytes("started"), startedContext(id)),
                times.openOptional(row.getBytes("ended"), endedContext(id)));
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String startedContext(long sessionId) {
        return "session.started of session " + sessionId;
    }

    static String endedContext(long sessionId) {
        return "session.ended of session " + sessionId;
    }
}
