package app.afterglow.core.schedule;

import app.afterglow.core.checkin.Checkins;
import app.afterglow.core.session.Sessions;
import app.afterglow.core.store.CheckinStore;
import app.afterglow.core.store.Job;
import app.afterglow.core.store.Stores;
import app.afterglow.core.util.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs stored jobs that are due: reminders, deadlines and follow-ups. Jobs overdue after a
 * restart run late rather than never. Each job runs in a nested transaction of its own, so one
 * failing job neither blocks nor undoes the others; the jobs of up to {@link #COMMIT_EVERY} share
 * a commit, which was most of a job's cost when each had its own, and people's answers (waiting in
 * turn for the database) go in between. Before the jobs, when the deployment keeps check-ins for
 * a limited time, erases what has outlived it (see {@link CheckinStore#eraseClosedBefore}):
 * first, so a check-in whose deadline passed while the bot was down is still open, and stays.
 * Safe to call from any thread.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** A failing job is tried again later instead of in a hot loop. */
    private static final Duration RETRY_FAILED = Duration.ofMinutes(15);
    /** Far longer than any platform redelivers an event. */
    private static final Duration REMEMBER_EVENTS = Duration.ofDays(7);
    /**
     * How long jobs run before their work is committed: short beside what an answer may wait, and
     * long enough to share a commit among a few dozen reminders.
     */
    private static final Duration COMMIT_EVERY = Duration.ofMillis(5);

    private final Stores stores;
    private final Checkins checkins;
    private final Sessions sessions;
    private final Clock clock;
    private final Optional<Duration> keepCheckins;

    /** @param keepCheckins as {@link app.afterglow.core.CoreSettings#keepCheckins()} */
    public Scheduler(Stores stores, Checkins checkins, Sessions sessions, Clock clock, Optional<Duration> keepCheckins) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.checkins = Objects.requireNonNull(checkins, "checkins");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepCheckins = Objects.requireNonNull(keepCheckins, "keepCheckins");
    }

    /**
     * Runs every job due now, each read just before it runs; returns how many ran. A job may
     * delete others (a follow-up closes the check-in it supersedes, with that check-in's jobs),
     * and the store may give a deleted job's id to a job written after it: a job read ahead of
     * its turn could then run although it was deleted, and delete the new job that took its id.
     */
    public synchronized int runDue() {
        int ran = 0;
        Instant now = clock.instant();
        stores.transactions().run(() -> stores.seenEvents().forgetBefore(now.minus(REMEMBER_EVENTS)));
        keepCheckins.ifPresent(keep -> eraseOlderThan(now.minus(keep)));
        boolean more = true;
        while (more) {
            int[] ranNow = {0};
            // Measured on the machine's own clock: the bot's clock may stand still, or jump.
            long began = System.nanoTime();
            more = stores.transactions().inTransaction(() -> {
                do {
                    Optional<Job> next = stores.jobs().due(now, 1).stream().findFirst();
                    if (next.isEmpty()) {
                        return false;
                    }
                    run(next.get(), now);
                    ranNow[0]++;
                } while (System.nanoTime() - began < COMMIT_EVERY.toNanos());
                return true;
            });
            ran += ranNow[0];
        }
        return ran;
    }

    private void eraseOlderThan(Instant cutoff) {
        try {
            stores.transactions().run(() -> {
                int checkinsErased = stores.checkins().eraseClosedBefore(cutoff);
                int sessionsErased = stores.sessions().eraseEndedBefore(cutoff);
                int messagesErased = stores.outbox().eraseQueuedBefore(cutoff);
                if (checkinsErased + sessionsErased + messagesErased > 0) {
                    LOG.info("Erased as older than kept: {} check-ins, {} sessions, {} queued messages",
                            checkinsErased, sessionsErased, messagesErased);
                }
            });
        } catch (RuntimeException e) {
            // The jobs still run; the erasure is tried again on the next tick.
            LOG.error("erasing old check-ins failed: {}", SafeLog.describe(e));
        }
    }

    private void run(Job job, Instant now) {
        try {
            stores.transactions().run(() -> {
                Optional<Instant> again = switch (job.kind()) {
                    case REMIND -> checkins.remind(job.checkinId().orElseThrow(), job.person().orElseThrow(), now);
                    case EXPIRE -> {
                        checkins.expire(job.checkinId().orElseThrow(), now);
                        yield Optional.empty();
                    }
                    case FOLLOWUP -> {
                        sessions.followup(job, now);
                        yield Optional.empty();
                    }
                };
                if (again.isPresent()) {
                    stores.jobs().reschedule(job.id(), again.get());
                } else {
                    stores.jobs().delete(job.id());
                }
            });
            LOG.debug("job {} ({}) ran", job.id(), job.kind());
        } catch (RuntimeException e) {
            LOG.error("job {} ({}) failed, retrying in {}: {}", job.id(), job.kind(), RETRY_FAILED, SafeLog.describe(e));
            stores.transactions().run(() -> stores.jobs().reschedule(job.id(), now.plus(RETRY_FAILED)));
        }
    }
}
