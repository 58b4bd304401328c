package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.JobStore;
import com.carrotsearch.hppc.LongLongHashMap;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Scheduled jobs, in table {@code job}. When a job is due is sealed, bound to the job, and nothing
 * about it is in clear: the due jobs are found among the due times kept in memory
 * ({@link OpenedTimes}), each opened once per write of the job's time, and kept current from the
 * ids that triggers note in {@code job_change} on every write (migration 14). Rescheduling or deleting a
 * job that is already gone does nothing: a job may vanish with its check-in or person while it is
 * being run.
 */
final class SqliteJobStore implements JobStore {
    private final Sql sql;
    private final SealedTimes times;
    private final SecureRandom random;
    private final OpenedTimes dueTimes = new OpenedTimes();
    private final ChangeNotes changes;

    SqliteJobStore(Sql sql, SealedTimes times, SecureRandom random) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.times = Objects.requireNonNull(times, "times");
        this.random = Objects.requireNonNull(random, "random");
        this.changes = new ChangeNotes(sql, "DELETE FROM job_change", dueTimes::forgetTouched);
    }

    @Override
    public Job schedule(Job job) {
        Objects.requireNonNull(job, "job");
        // The id is part of what the seal is bound to, so the row is made first and sealed after.
        long id = sql.insert("""
                        INSERT INTO job (kind, due, checkin_id, person_id, partnership_id, session_id)
                        VALUES (?, x'', ?, ?, ?, ?) RETURNING id""",
                job.kind(), job.checkinId(), job.person(), job.partnershipId(), job.sessionId());
        writeDue(id, job.dueAt());
        return new Job(id, job.kind(), Sql.stored(job.dueAt()), job.checkinId(),
                job.person(), job.partnershipId(), job.sessionId());
    }

    /**
     * Brings the kept due times up to date with the table (see {@link #catchUp}) and reads in full
     * only the jobs whose time has come, earliest first, up to the limit: a tick with thousands
     * of jobs due reads only the batch it runs. The cost grows with the jobs written since the
     * last call, not with the jobs pending or with history.
     */
    @Override
    public List<Job> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        catchUp();
        return dueTimes.dueBy(now, limit).stream()
                .map(jobId -> sql.one("SELECT id, kind, due, checkin_id, person_id, partnership_id, session_id FROM job"
                        + " WHERE id = ?", this::job, jobId))
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * Opens every pending job's due time, as the first {@link #due} would. Done as the storage
     * opens, so that the ticker's first tick after a start does not hold the database while it
     * opens them: at 150,000 pending jobs that took over a second, with everyone's answers waiting.
     */
    void openDueTimes() {
        catchUp();
    }

    /**
     * Opens the times of the jobs written since the last call (by anyone: {@link #writeDue} keeps
     * its own already) and forgets the jobs gone, from the ids noted in {@code job_change}.
     */
    private void catchUp() {
        changes.catchUp(this::listAll, this::recheck, () -> sql.list(
                "SELECT c.job_id, j.due_tag, j.due FROM job_change c LEFT JOIN job j ON j.id = c.job_id", this::keep).size());
    }

    /** Reads again the jobs whose kept times changed, after a rollback (see {@link ChangeNotes}). */
    private void recheck() {
        dueTimes.touched().ifPresentOrElse(jobIds -> {
            for (long id : jobIds) {
                if (sql.list("SELECT id, due_tag, due FROM job WHERE id = ?", this::keep, id).isEmpty()) {
                    dueTimes.forget(id);
                }
            }
        }, this::listAll);
    }

    /** Keeps the job's due time from its id, tag and sealed time, or forgets it if the tag is null (gone); gives its id. */
    private long keep(ResultSet row) throws SQLException {
        long id = row.getLong(1);
        long tag = row.getLong(2);
        if (row.wasNull()) {
            dueTimes.forget(id);
        } else if (!dueTimes.holds(id, tag)) {
            dueTimes.put(id, tag, OpenedTimes.Opened.due(times.open(row.getBytes(3), context(id))));
        }
        return id;
    }

    private void listAll() {
        LongLongHashMap tags = new LongLongHashMap();
        sql.each("SELECT id, due_tag FROM job", row -> tags.put(row.getLong(1), row.getLong(2)));
        dueTimes.keepExactly(tags, this::openDue, (firstId, offer) ->
                sql.each("SELECT id, due_tag, due FROM job WHERE id >= ?", row -> {
                    long id = row.getLong(1);
                    byte[] sealed = row.getBytes(3);
                    offer.row(id, row.getLong(2), () -> OpenedTimes.Opened.due(times.open(sealed, context(id))));
                }, firstId));
    }

    private OpenedTimes.Opened openDue(long jobId) {
        return sql.one("SELECT due FROM job WHERE id = ?",
                row -> OpenedTimes.Opened.due(times.open(row.getBytes(1), context(jobId))), jobId).orElse(null);
    }

    @Override
    public void reschedule(long jobId, Instant dueAt) {
        Objects.requireNonNull(dueAt, "dueAt");
        writeDue(jobId, dueAt);
    }

    private void writeDue(long jobId, Instant dueAt) {
        long tag = random.nextLong();
        if (sql.update("UPDATE job SET due = ?, due_tag = ? WHERE id = ?", times.seal(dueAt, context(jobId)), tag,
                jobId) == 1) {
            dueTimes.put(jobId, tag, OpenedTimes.Opened.due(dueAt));
        }
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
