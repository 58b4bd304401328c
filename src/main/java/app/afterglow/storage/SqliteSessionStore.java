package app.afterglow.storage;

import app.afterglow.core.store.SessionStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions, in table {@code session}. Ending a session that does not exist fails; ending one
 * twice keeps the first end.
 */
final class SqliteSessionStore implements SessionStore {
    private final Sql sql;

    SqliteSessionStore(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    @Override
    public Session start(long partnershipId, Instant now) {
        Objects.requireNonNull(now, "now");
        long id = sql.insert("INSERT INTO session (partnership_id, started_at) VALUES (?, ?) RETURNING id",
                partnershipId, now);
        return new Session(id, partnershipId, Sql.stored(now), Optional.empty());
    }

    @Override
    public Optional<Session> open(long partnershipId) {
        return sql.one("""
                        SELECT id, partnership_id, started_at, ended_at FROM session
                        WHERE partnership_id = ? AND ended_at IS NULL
                        ORDER BY started_at DESC, id DESC LIMIT 1""",
                SqliteSessionStore::session, partnershipId);
    }

    @Override
    public void end(long sessionId, Instant now) {
        Objects.requireNonNull(now, "now");
        if (sql.update("UPDATE session SET ended_at = coalesce(ended_at, ?) WHERE id = ?", now, sessionId) != 1) {
            throw new IllegalArgumentException("no session " + sessionId);
        }
    }

    @Override
    public int eraseEndedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return sql.update("""
                DELETE FROM session
                WHERE ended_at < ? AND NOT EXISTS (SELECT 1 FROM job WHERE job.session_id = session.id)""", cutoff);
    }

    private static Session session(ResultSet row) throws SQLException {
        return new Session(row.getLong("id"), row.getLong("partnership_id"), Sql.instant(row, "started_at"),
                Sql.optionalInstant(row, "ended_at"));
    }
}
