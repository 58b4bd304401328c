package app.afterglow.storage;

import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Job;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static app.afterglow.storage.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Randomised model of the pending jobs: whatever mix of scheduling, rescheduling, deleting (by
 * the store, or cascading from a deleted check-in, session, partnership or person), transactions
 * and nested ones rolled back after their writes and reads, restarts and a clock that jumps both
 * ways, the store must name as due exactly the jobs the model holds: a plain map of committed
 * jobs, written from {@link app.afterglow.core.store.JobStore}'s contract (due at or before now,
 * earliest first, the older job first at equal times, at most the limit) and not from how the
 * store keeps its times. {@code -Djobs.seeds=N} runs more seeds.
 */
class PendingJobsModelTest {
    private static final int STEPS = 250;

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, Long.getLong("jobs.seeds", 24));
    }

    /** What a job was made for, so the model can tell which ones a cascade takes with it. */
    private record Owners(Optional<Long> checkin, Optional<PersonId> person, Optional<Long> partnership,
                          Optional<Long> session) {
    }

    private record Expected(long id, Instant due, Owners owners) {
    }

    /** The committed jobs, and the check-ins and sessions (with their partnership) that jobs can name. */
    private static final class Model implements RandomWalk.Snapshot<Model> {
        final Map<Long, Expected> jobs = new HashMap<>();
        final List<Long> checkins = new ArrayList<>();
        final Map<Long, Long> sessionPartnership = new HashMap<>();

        @Override
        public Model copy() {
            Model copy = new Model();
            copy.takeFrom(this);
            return copy;
        }

        @Override
        public void takeFrom(Model other) {
            jobs.clear();
            jobs.putAll(other.jobs);
            checkins.clear();
            checkins.addAll(other.checkins);
            sessionPartnership.clear();
            sessionPartnership.putAll(other.sessionPartnership);
        }

        List<Long> due(Instant now, int limit) {
            return jobs.values().stream().filter(job -> !job.due().isAfter(now))
                    .sorted(Comparator.comparing(Expected::due).thenComparing(Expected::id))
                    .limit(limit).map(Expected::id).toList();
        }

        void dropWhere(Predicate<Owners> taken) {
            jobs.values().removeIf(job -> taken.test(job.owners()));
        }
    }

    private final class World extends RandomWalk<Model> {
        final List<PersonId> people = new ArrayList<>();
        final List<Long> partnerships = new ArrayList<>();

        World(long seed, Model model) {
            super(seed, dir);
            for (int i = 0; i < 5; i++) {
                people.add(Fixtures.person(storage(), "p" + i, "Person " + i).id());
            }
            for (int i = 0; i < 3; i++) {
                PersonId a = people.get(i);
                PersonId b = people.get(i + 1);
                long partnership = tx(() -> stores().partnerships().create(a, b, T0).id());
                partnerships.add(partnership);
                for (int s = 0; s < 2; s++) {
                    model.sessionPartnership.put(tx(() -> stores().sessions().start(partnership, T0).id()), partnership);
                }
                for (int c = 0; c < 2; c++) {
                    model.checkins.add(tx(() -> Fixtures.checkin(stores(), Optional.of(partnership), List.of(a, b), T0).id()));
                }
            }
        }

        <T> Optional<T> any(List<T> from) {
            return from.isEmpty() || random.nextInt(4) == 0 ? Optional.empty()
                    : Optional.of(from.get(random.nextInt(from.size())));
        }

        Owners owners(Model model) {
            return new Owners(any(model.checkins), any(people), any(partnerships),
                    any(model.sessionPartnership.keySet().stream().sorted().toList()));
        }

        Instant someTime() {
            return now.plusMillis(random.nextLong(-7_200_000, 7_200_000));
        }

        Optional<Long> anyJob(Model model) {
            if (model.jobs.isEmpty() || random.nextInt(6) == 0) {
                return Optional.of(1_000_000L + random.nextInt(1000));
            }
            List<Long> ids = model.jobs.keySet().stream().sorted().toList();
            return Optional.of(ids.get(random.nextInt(ids.size())));
        }

        /** One write through the store, mirrored in {@code model}; runs inside the caller's transaction. */
        @Override
        void write(Model model) {
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    Owners owners = owners(model);
                    Instant due = Sql.stored(someTime());
                    Job job = stores().jobs().schedule(new Job(0, Job.Kind.values()[random.nextInt(3)], due,
                            owners.checkin(), owners.person(), owners.partnership(), owners.session()));
                    model.jobs.put(job.id(), new Expected(job.id(), due, owners));
                }
                case 2, 3 -> {
                    long id = anyJob(model).orElseThrow();
                    Instant due = Sql.stored(someTime());
                    stores().jobs().reschedule(id, due);
                    model.jobs.computeIfPresent(id, (key, job) -> new Expected(id, due, job.owners()));
                }
                case 4 -> {
                    long id = anyJob(model).orElseThrow();
                    stores().jobs().delete(id);
                    model.jobs.remove(id);
                }
                default -> ownersGo(model);
            }
        }

        /** Deletes by owner, through the store or by deleting the owner's own row and letting it cascade. */
        void ownersGo(Model model) {
            Sql sql = new Sql(storage().database());
            switch (random.nextInt(5)) {
                case 0 -> {
                    long checkin = model.checkins.get(random.nextInt(model.checkins.size()));
                    stores().jobs().deleteForCheckin(checkin);
                    model.dropWhere(o -> o.checkin().equals(Optional.of(checkin)));
                }
                case 1 -> {
                    PersonId person = people.get(random.nextInt(people.size()));
                    stores().jobs().deleteForPerson(person);
                    model.dropWhere(o -> o.person().equals(Optional.of(person)));
                }
                case 2 -> {
                    long partnership = partnerships.get(random.nextInt(partnerships.size()));
                    stores().jobs().deleteForPartnership(partnership);
                    model.dropWhere(o -> o.partnership().equals(Optional.of(partnership)));
                }
                case 3 -> {
                    // Made again at once, so later jobs can still name a check-in.
                    long checkin = model.checkins.get(random.nextInt(model.checkins.size()));
                    sql.update("DELETE FROM checkin WHERE id = ?", checkin);
                    model.dropWhere(o -> o.checkin().equals(Optional.of(checkin)));
                    model.checkins.set(model.checkins.indexOf(checkin), Fixtures.checkin(stores(), Optional.empty(),
                            List.of(people.get(0)), now).id());
                }
                default -> {
                    List<Long> sessions = model.sessionPartnership.keySet().stream().sorted().toList();
                    long session = sessions.get(random.nextInt(sessions.size()));
                    long partnership = model.sessionPartnership.remove(session);
                    sql.update("DELETE FROM session WHERE id = ?", session);
                    model.dropWhere(o -> o.session().equals(Optional.of(session)));
                    model.sessionPartnership.put(stores().sessions().start(partnership, now).id(), partnership);
                }
            }
        }

        @Override
        void check(Model model, String when) {
            Instant at = random.nextInt(5) == 0 ? now.plus(Duration.ofHours(3)) : now;
            int limit = 1 + random.nextInt(12);
            List<Job> due = stores().jobs().due(at, limit);
            assertEquals(model.due(at, limit), due.stream().map(Job::id).toList(), when);
            for (Job job : due) {
                Expected expected = model.jobs.get(job.id());
                assertEquals(expected.due(), job.dueAt(), when + ": job " + job.id() + "'s time");
                assertEquals(expected.owners(), new Owners(job.checkinId(), job.person(), job.partnershipId(),
                        job.sessionId()), when + ": job " + job.id() + "'s owners");
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random writes, cascades, rollbacks (outer and nested), restarts and clock jumps WHEN the store "
            + "is asked what is due THEN it names exactly the committed jobs whose time has come, earliest first")
    void dueJobsFollowTheCommittedWrites(long seed) {
        Model model = new Model();
        World world = new World(seed, model);
        world.walk("seed " + seed, STEPS, model);
    }
}
