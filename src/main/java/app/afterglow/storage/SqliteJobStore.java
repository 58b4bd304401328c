package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.JobStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Scheduled jobs, in table {@code job}. Rescheduling or deleting a job that is already gone does
 * nothing: a job may vanish with its check-in or person while it is being run.
 */
final class SqliteJobStore implements JobStore {
    private final Sql sql;

    SqliteJobStore(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    @Override
    public Job schedule(Job job) {
        Objects.requireNonNull(job, "job");
        long id = sql.insert("""
                        INSERT INTO job (kind, due_at, checkin_id, person_id, partnership_id, session_id)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
                job.kind(), job.dueAt(), job.checkinId(), job.person(), job.partnershipId(), job.sessionId());
        return new Job(id, job.kind(), Sql.stored(job.dueAt()), job.checkinId(),
                job.person(), job.partnershipId(), job.sessionId());
    }

    @Override
    public List<Job> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        return sql.list("""
                        SELECT id, kind, due_at, checkin_id, person_id, partnership_id, session_id FROM job
                        WHERE due_at <= ? ORDER BY due_at, id LIMIT ?""",
                SqliteJobStore::job, now, limit);
    }

    @Override
    public void reschedule(long jobId, Instant dueAt) {
        Objects.requireNonNull(dueAt, "dueAt");
        sql.update("UPDATE job SET due_at = ? WHERE id = ?", dueAt, jobId);
    }

    @Override
    public void delete(long jobId) {
        sql.update("DELETE FROM job WHERE id = ?", jobId);
    }

    @Override
    public void deleteForCheckin(long checkinId) {
        sql.update("DELETE FROM job WHERE checkin_id = ?", checkinId);
    }

    @Override
    public void deleteForPartnership(long partnershipId) {
        sql.update("DELETE FROM job WHERE partnership_id = ?", partnershipId);
    }

    @Override
    public void deleteForPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        sql.update("DELETE FROM job WHERE person_id = ?", person);
    }

    private static Job job(ResultSet row) throws SQLException {
        return new Job(row.getLong("id"), Job.Kind.valueOf(row.getString("kind")), Sql.instant(row, "due_at"),
                Sql.optionalLong(row, "checkin_id"), Sql.optionalPerson(row, "person_id"),
                Sql.optionalLong(row, "partnership_id"), Sql.optionalLong(row, "session_id"));
    }
}
