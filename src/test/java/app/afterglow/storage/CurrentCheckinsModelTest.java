package app.afterglow.storage;

import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.model.PartnershipStatus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.CheckinStore;
import app.afterglow.core.store.Stores;
import app.afterglow.testing.Seeds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static app.afterglow.storage.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A person's open check-ins and their newest saved form are found through what the store keeps
 * beside each participation, and a partnership's open check-ins through a partial index, not by
 * reading every check-in and looking at its status. This drives the real store with
 * random people in couples and triads (one person with two partners) and personal forms, through
 * random creations, status changes (from any status to any), erasures of people, partnerships
 * ending and retention, and after every step compares what the store says for every person with
 * a model kept here in plain maps and written from the definition alone: the check-ins the person
 * takes part in whose status is OPEN, newest first, and the newest whose status is SAVED; for
 * every partnership, its check-ins whose status is OPEN, newest first.
 * {@code -Dcurrent.seeds=N} runs seeds 1…N, {@code -Dcurrent.seed=S} replays one; a failure
 * names its seed and the steps that led there.
 */
class CurrentCheckinsModelTest {
    private static final int DEFAULT_SEEDS = 8;
    private static final int STEPS = 150;
    private static final Duration EXPIRY = Duration.ofHours(48);

    @TempDir
    Path dir;

    @TestFactory
    @DisplayName("GIVEN random couples, triads and personal forms WHEN check-ins are created, change status, people are "
            + "erased, partnerships end and retention runs THEN after every step each person's open check-ins, newest "
            + "first, their newest saved form and each partnership's open check-ins are what the definition says")
    Stream<DynamicTest> currentCheckinsFollowEveryStatusChange() {
        return Seeds.of("current", DEFAULT_SEEDS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed,
                dir.resolve("seed-" + seed)).go()));
    }


    /** What the model knows of a check-in: who is in it and its status, nothing the store computed. */
    private static final class Modelled {
        final long id;
        final Optional<Long> partnershipId;
        final Set<PersonId> people;
        final Instant expires;
        CheckinStatus status = CheckinStatus.OPEN;

        Modelled(long id, Optional<Long> partnershipId, Set<PersonId> people, Instant expires) {
            this.id = id;
            this.partnershipId = partnershipId;
            this.people = people;
            this.expires = expires;
        }
    }

    private record Pair(long partnershipId, PersonId a, PersonId b) {
    }

    private static final class Run {
        private final long seed;
        private final Path dataDir;
        private final Random random;
        private final List<String> log = new ArrayList<>();
        private final List<PersonId> people = new ArrayList<>();
        private final Set<PersonId> erased = new HashSet<>();
        private final List<Pair> pairs = new ArrayList<>();
        private final List<Long> partnerships = new ArrayList<>();
        private final Map<Long, Modelled> checkins = new TreeMap<>();
        private Instant now = T0;
        private SqliteStorage storage;

        Run(long seed, Path dataDir) {
            this.seed = seed;
            this.dataDir = dataDir;
            this.random = new Random(seed);
        }

        void go() {
            storage = Fixtures.open(dataDir);
            try {
                for (int i = 0; i < 6; i++) {
                    addPerson();
                }
                // Couples, and triads: the first person of a couple also partnered with someone else.
                pair(people.get(0), people.get(1));
                pair(people.get(0), people.get(2));
                pair(people.get(3), people.get(4));
                check("start");
                for (int step = 0; step < STEPS; step++) {
                    now = now.plus(Duration.ofMinutes(1 + random.nextInt(24 * 60)));
                    check(step());
                }
            } finally {
                storage.close();
            }
        }

        private String step() {
            int roll = random.nextInt(100);
            if (roll < 35) {
                return create();
            } else if (roll < 75) {
                return changeStatus();
            } else if (roll < 82) {
                return endPartnership();
            } else if (roll < 88) {
                return erase();
            } else if (roll < 93) {
                return retention();
            } else if (roll < 97) {
                return pair(pick(people), addPerson());
            }
            return pair(pick(people), pick(people));
        }

        private String create() {
            List<Pair> live = pairs.stream().filter(p -> !erased.contains(p.a()) && !erased.contains(p.b())).toList();
            List<PersonId> alive = people.stream().filter(p -> !erased.contains(p)).toList();
            if (alive.isEmpty()) {
                return "nobody left to create for";
            }
            boolean personal = live.isEmpty() || random.nextInt(3) == 0;
            Optional<Long> partnership = personal ? Optional.empty() : Optional.of(pick(live).partnershipId());
            List<PersonId> in;
            if (personal) {
                in = List.of(pick(alive));
            } else {
                Pair p = live.stream().filter(x -> x.partnershipId() == partnership.get()).findFirst().orElseThrow();
                in = random.nextBoolean() ? List.of(p.a(), p.b()) : List.of(p.b(), p.a());
            }
            Instant expires = now.plus(EXPIRY);
            Checkin made = tx(() -> storage.stores().checkins().create(partnership, Optional.empty(), Fixtures.afterSet(),
                    in, now, expires));
            checkins.put(made.id(), new Modelled(made.id(), partnership, new LinkedHashSet<>(in), expires));
            return "create " + made.id() + " for " + in + partnership.map(id -> " in partnership " + id).orElse(" (personal)");
        }

        private String changeStatus() {
            if (checkins.isEmpty()) {
                return "no check-in to change";
            }
            Modelled c = pick(new ArrayList<>(checkins.values()));
            CheckinStatus to = pick(List.of(CheckinStatus.values()));
            tx(() -> {
                storage.stores().checkins().updateStatus(c.id, to);
                return null;
            });
            String was = c.status.name();
            c.status = to;
            return "check-in " + c.id + " " + was + " -> " + to;
        }

        /** As the core ends one: the partnership's status, then its open check-ins cancelled. */
        private String endPartnership() {
            if (pairs.isEmpty()) {
                return "no partnership to end";
            }
            Pair p = pick(pairs);
            tx(() -> {
                Stores stores = storage.stores();
                stores.partnerships().updateStatus(p.partnershipId(), PartnershipStatus.ENDED, now);
                for (Modelled c : checkins.values()) {
                    if (c.partnershipId.equals(Optional.of(p.partnershipId())) && c.status == CheckinStatus.OPEN) {
                        stores.checkins().updateStatus(c.id, CheckinStatus.CANCELLED);
                    }
                }
                return null;
            });
            checkins.values().stream()
                    .filter(c -> c.partnershipId.equals(Optional.of(p.partnershipId())) && c.status == CheckinStatus.OPEN)
                    .forEach(c -> c.status = CheckinStatus.CANCELLED);
            pairs.remove(p);
            return "partnership " + p.partnershipId() + " ended";
        }

        /**
         * The storage's erasure alone, without the core cancelling anything first: a check-in the
         * person shared stays with the others in it, as it was; one that was theirs alone goes.
         */
        private String erase() {
            List<PersonId> alive = people.stream().filter(p -> !erased.contains(p)).toList();
            if (alive.isEmpty()) {
                return "nobody left to erase";
            }
            PersonId gone = pick(alive);
            tx(() -> {
                storage.stores().people().delete(gone);
                return null;
            });
            erased.add(gone);
            // A partnership goes once both its people are gone.
            pairs.removeIf(p -> erased.contains(p.a()) && erased.contains(p.b()));
            checkins.values().forEach(c -> c.people.remove(gone));
            checkins.values().removeIf(c -> c.people.isEmpty());
            return "erase " + gone;
        }

        /** Erases what closed before a cutoff: never an open check-in, a saved form like any other closed one. */
        private String retention() {
            Instant cutoff = now.minus(Duration.ofHours(random.nextInt(24 * 7))).plusMillis(1);
            int erasedCount = tx(() -> storage.stores().checkins().eraseClosedBefore(cutoff));
            int before = checkins.size();
            // A person's newest saved form is their preferences as they stand: retention keeps it.
            Map<PersonId, Long> lastSaved = new HashMap<>();
            for (Modelled c : checkins.values()) {
                if (c.status == CheckinStatus.SAVED) {
                    c.people.forEach(person -> lastSaved.merge(person, c.id, Math::max));
                }
            }
            checkins.values().removeIf(c -> c.status != CheckinStatus.OPEN && c.expires.isBefore(cutoff)
                    && c.people.stream().noneMatch(person -> Objects.equals(lastSaved.get(person), c.id)));
            return "retention before " + cutoff + ": store erased " + erasedCount + ", model " + (before - checkins.size());
        }

        private PersonId addPerson() {
            PersonId id = Fixtures.person(storage, String.valueOf(seed * 1000 + people.size()), "P" + people.size()).id();
            people.add(id);
            return id;
        }

        private String pair(PersonId a, PersonId b) {
            if (a.equals(b) || erased.contains(a) || erased.contains(b)) {
                return "no pair of " + a + " and " + b;
            }
            long id = tx(() -> {
                Stores stores = storage.stores();
                long made = stores.partnerships().create(a, b, now).id();
                stores.partnerships().updateStatus(made, PartnershipStatus.ACTIVE, now);
                return made;
            });
            pairs.add(new Pair(id, a, b));
            partnerships.add(id);
            return "partnership " + id + " of " + a + " and " + b;
        }

        private void check(String step) {
            log.add(step);
            CheckinStore store = storage.stores().checkins();
            for (PersonId person : people) {
                List<Long> open = tx(() -> store.openForPerson(person)).stream().map(Checkin::id).toList();
                Optional<Checkin> saved = tx(() -> store.lastSavedForPerson(person));
                List<Long> expectedOpen = checkins.values().stream()
                        .filter(c -> c.people.contains(person) && c.status == CheckinStatus.OPEN)
                        .map(c -> c.id).sorted(Comparator.reverseOrder()).toList();
                Optional<Long> expectedSaved = checkins.values().stream()
                        .filter(c -> c.people.contains(person) && c.status == CheckinStatus.SAVED)
                        .map(c -> c.id).max(Comparator.naturalOrder());
                if (!open.equals(expectedOpen)) {
                    failWith(person + "'s open check-ins are " + open + ", not " + expectedOpen);
                }
                if (!saved.map(Checkin::id).equals(expectedSaved)) {
                    failWith(person + "'s newest saved form is " + saved.map(Checkin::id) + ", not " + expectedSaved);
                }
                saved.filter(c -> c.status() != CheckinStatus.SAVED)
                        .ifPresent(c -> failWith("the saved form " + c.id() + " reads back " + c.status()));
                tx(() -> store.openForPerson(person)).stream().filter(c -> !c.open())
                        .forEach(c -> failWith("the open check-in " + c.id() + " reads back " + c.status()));
            }
            for (long partnership : partnerships) {
                List<Long> open = tx(() -> store.openForPartnership(partnership)).stream().map(Checkin::id).toList();
                List<Long> expected = checkins.values().stream()
                        .filter(c -> c.partnershipId.equals(Optional.of(partnership)) && c.status == CheckinStatus.OPEN)
                        .map(c -> c.id).sorted(Comparator.reverseOrder()).toList();
                if (!open.equals(expected)) {
                    failWith("partnership " + partnership + "'s open check-ins are " + open + ", not " + expected);
                }
            }
        }

        private void failWith(String problem) {
            int from = Math.max(0, log.size() - 25);
            fail("seed " + seed + " (replay with -Dcurrent.seed=" + seed + "), after step " + (log.size() - 1) + ": "
                    + problem + "\nlast steps:\n  " + String.join("\n  ", log.subList(from, log.size())));
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        private <T> T tx(java.util.function.Supplier<T> work) {
            return Fixtures.tx(storage, Objects.requireNonNull(work));
        }
    }
}
