package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.JobStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Scheduled jobs, in table {@code job}. When a job is due is sealed, bound to the job; in clear
 * there is only its {@link TimeBucket}, by which the due ones are found. Rescheduling or deleting a job that is already gone does nothing: a job may
 * vanish with its check-in or person while it is being run.
 */
final class SqliteJobStore implements JobStore {
    private static final Comparator<Job> BY_DUE = Comparator.comparing(Job::dueAt).thenComparingLong(Job::id);

    private final Sql sql;
    private final SealedTimes times;
    private final TimeBucket buckets;

    SqliteJobStore(Sql sql, SealedTimes times, TimeBucket buckets) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.times = Objects.requireNonNull(times, "times");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
    }

    @Override
    public Job schedule(Job job) {
        Objects.requireNonNull(job, "job");
        // The id is part of what the seal is bound to, so the row is made first and sealed after.
        long id = sql.insert("""
                        INSERT INTO job (kind, due, due_bucket, checkin_id, person_id, partnership_id, session_id)
                        VALUES (?, x'', ?, ?, ?, ?, ?) RETURNING id""",
                job.kind(), buckets.of(job.dueAt()), job.checkinId(), job.person(), job.partnershipId(), job.sessionId());
        sql.update("UPDATE job SET due = ? WHERE id = ?", times.seal(job.dueAt(), context(id)), id);
        return new Job(id, job.kind(), Sql.stored(job.dueAt()), job.checkinId(),
                job.person(), job.partnershipId(), job.sessionId());
    }

    /**
     * Every job due by now has a bucket at most {@link TimeBucket#LEAD} ahead of now, so those are
     * read (through the bucket's index) and the ones whose sealed time has come are kept, earliest
     * first. Besides the jobs due, that reads only the ones falling due within the lead.
     */
    @Override
    public List<Job> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        return sql.list("""
                                SELECT id, kind, due, checkin_id, person_id, partnership_id, session_id FROM job
                                WHERE due_bucket <= ?""",
                        this::job, TimeBucket.horizon(now)).stream()
                .filter(job -> !job.dueAt().isAfter(now))
                .sorted(BY_DUE)
                .limit(limit)
                .toList();
    }

    @Override
    public void reschedule(long jobId, Instant dueAt) {
        Objects.requireNonNull(dueAt, "dueAt");
        sql.update("UPDATE job SET due = ?, due_bucket = ? WHERE id = ?", times.seal(dueAt, context(jobId)),
                buckets.of(dueAt), jobId);
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

    private Job job(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        return new Job(id, Job.Kind.valueOf(row.getString("kind")), times.open(row.getBytes("due"), context(id)),
                Sql.optionalLong(row, "checkin_id"), Sql.optionalPerson(row, "person_id"),
                Sql.optionalLong(row, "partnership_id"), Sql.optionalLong(row, "session_id"));
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String context(long jobId) {
        return "job.due of job " + jobId;
    }
}
