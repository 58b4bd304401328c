package app.afterglow.storage;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.Outbox;
import app.afterglow.core.store.OutboxEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Randomised model of the queued messages: whatever mix of queuing (held for quiet hours or not),
 * releasing, replacing a message's words, retries, postponements, deliveries, erasure by age, deleting a person's entries (by
 * the store, or cascading from the person's row, which also takes the entries quoting them),
 * transactions and nested ones rolled back after their writes and reads, restarts and a clock that
 * jumps both ways, the outbox must name as due, per platform, exactly the entries the model holds:
 * a list of committed entries written from {@link Outbox}'s contract (due at or before now, oldest
 * first, at most the limit; a released entry queued again after everything before it; a retry
 * counts an attempt, a postponement none; erasure by the first failure or else the due time), not
 * from how the store keeps its times. {@code -Dqueue.seeds=N} runs more seeds.
 */
class QueuedMessagesModelTest {
    private static final int STEPS = 250;
    private static final List<Platform> PLATFORMS = List.of(Platform.DISCORD, Platform.MATRIX, Platform.CONSOLE);

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, Long.getLong("queue.seeds", 24));
    }

    /** An entry as the model knows it; {@code order} is the model's own count of additions. */
    private record Expected(long id, long order, PersonId to, Platform platform, String words, Instant due,
                            boolean held, int attempts, Optional<Instant> firstFailed, Optional<PersonId> quoting) {
        Expected due(Instant at) {
            return new Expected(id, order, to, platform, words, at, held, attempts, firstFailed, quoting);
        }

        Expected saying(String newWords) {
            return new Expected(id, order, to, platform, newWords, due, held, attempts, firstFailed, quoting);
        }

        Expected failed(Instant at, Instant retry, int attempt) {
            return new Expected(id, order, to, platform, words, retry, false, attempts + attempt,
                    Optional.of(firstFailed.orElse(at)), quoting);
        }
    }

    private record Someone(PersonId id, Platform platform) {
    }

    private static final class Model implements RandomWalk.Snapshot<Model> {
        final List<Expected> entries = new ArrayList<>();
        final List<Someone> people = new ArrayList<>();
        long added;

        @Override
        public Model copy() {
            Model copy = new Model();
            copy.takeFrom(this);
            return copy;
        }

        @Override
        public void takeFrom(Model other) {
            entries.clear();
            entries.addAll(other.entries);
            people.clear();
            people.addAll(other.people);
            added = other.added;
        }

        List<Expected> due(Platform platform, Instant now, int limit) {
            return entries.stream().filter(e -> e.platform() == platform && !e.due().isAfter(now))
                    .sorted(Comparator.comparingLong(Expected::order)).limit(limit).toList();
        }
    }

    private final class World extends RandomWalk<Model> {
        int made;

        World(long seed, Model model) {
            super(seed, dir);
            for (int i = 0; i < 6; i++) {
                model.people.add(tx(() -> someoneNew(PLATFORMS.get(made % PLATFORMS.size()))));
            }
        }

        Someone someoneNew(Platform platform) {
            made++;
            PlatformUser user = PlatformUser.human(platform, platform == Platform.MATRIX ? "@p" + made + ":example.org"
                    : String.valueOf(made), "Person " + made);
            return new Someone(stores().people().findOrCreate(user, ZONE, Optional.empty(), T0).id(), platform);
        }

        Outbox outbox() {
            return stores().outbox();
        }

        Someone anyone(Model model) {
            return model.people.get(random.nextInt(model.people.size()));
        }

        Instant someTime() {
            return Sql.stored(now.plusMillis(random.nextLong(-7_200_000, 7_200_000)));
        }

        Optional<Expected> anyEntry(Model model) {
            return model.entries.isEmpty() ? Optional.empty()
                    : Optional.of(model.entries.get(random.nextInt(model.entries.size())));
        }

        long newestId() {
            return new Sql(storage().database()).one("SELECT coalesce(max(id), 0) FROM outbox", row -> row.getLong(1))
                    .orElseThrow();
        }

        /** One write through the store (or a cascade), mirrored in {@code model}; inside the caller's transaction. */
        @Override
        void write(Model model) {
            switch (random.nextInt(11)) {
                case 0, 1, 2 -> add(model);
                case 3 -> {
                    Someone to = anyone(model);
                    long before = newestId();
                    outbox().release(to.id(), now);
                    List<Expected> released = model.entries.stream()
                            .filter(e -> e.to().equals(to.id()) && e.held() && e.due().isAfter(now))
                            .sorted(Comparator.comparingLong(Expected::id)).toList();
                    List<Long> ids = new Sql(storage().database()).list(
                            "SELECT id FROM outbox WHERE id > ? ORDER BY id", row -> row.getLong(1), before);
                    assertEquals(released.size(), ids.size(), "entries queued again on release");
                    for (int i = 0; i < released.size(); i++) {
                        Expected old = released.get(i);
                        model.entries.remove(old);
                        model.entries.add(new Expected(ids.get(i), ++model.added, old.to(), old.platform(), old.words(),
                                now, false, old.attempts(), old.firstFailed(), old.quoting()));
                    }
                }
                case 4 -> anyEntry(model).ifPresent(entry -> {
                    outbox().delivered(entry.id());
                    model.entries.remove(entry);
                });
                case 5, 6 -> anyEntry(model).ifPresent(entry -> {
                    boolean postpone = random.nextBoolean();
                    Instant retry = someTime();
                    if (postpone) {
                        outbox().postpone(entry.id(), now, retry);
                    } else {
                        outbox().retryLater(entry.id(), now, retry);
                    }
                    model.entries.set(model.entries.indexOf(entry), entry.failed(now, retry, postpone ? 0 : 1));
                });
                case 7 -> {
                    Instant cutoff = someTime();
                    int erased = outbox().eraseQueuedBefore(cutoff);
                    int expected = (int) model.entries.stream()
                            .filter(e -> e.firstFailed().orElse(e.due()).isBefore(cutoff)).count();
                    model.entries.removeIf(e -> e.firstFailed().orElse(e.due()).isBefore(cutoff));
                    assertEquals(expected, erased, "entries erased as older than " + cutoff);
                }
                case 8 -> {
                    Someone gone = anyone(model);
                    outbox().deleteForPerson(gone.id());
                    model.entries.removeIf(e -> e.to().equals(gone.id()));
                }
                case 9 -> anyEntry(model).ifPresent(entry -> {
                    String words = "replaced " + (model.added + 1) + " " + random.nextInt(1000);
                    outbox().replace(entry.id(), Message.of(entry.to(), Line.text(words)));
                    model.entries.set(model.entries.indexOf(entry), entry.saying(words));
                });
                default -> {
                    // The person's row goes, and with it their entries and those quoting them; a new person takes their place.
                    Someone gone = anyone(model);
                    new Sql(storage().database()).update("DELETE FROM person WHERE id = ?", gone.id());
                    model.entries.removeIf(e -> e.to().equals(gone.id()) || e.quoting().equals(Optional.of(gone.id())));
                    model.people.set(model.people.indexOf(gone), someoneNew(gone.platform()));
                }
            }
        }

        void add(Model model) {
            Someone to = anyone(model);
            Optional<PersonId> quoting = random.nextInt(3) == 0 ? Optional.of(anyone(model).id()) : Optional.empty();
            String words = "message " + (model.added + 1);
            Message message = Message.of(to.id(), Line.text(words));
            Instant due = someTime();
            boolean held = random.nextInt(3) == 0;
            if (held) {
                outbox().addHeld(message, due, quoting, Optional.empty());
            } else {
                outbox().add(message, due, quoting, Optional.empty());
            }
            model.entries.add(new Expected(newestId(), ++model.added, to.id(), to.platform(), words, due, held, 0,
                    Optional.empty(), quoting));
        }

        @Override
        void check(Model model, String when) {
            Instant at = random.nextInt(5) == 0 ? now.plus(Duration.ofHours(3)) : now;
            int limit = 1 + random.nextInt(8);
            for (Platform platform : PLATFORMS) {
                List<OutboxEntry> due = outbox().due(platform, at, limit);
                List<Expected> expected = model.due(platform, at, limit);
                assertEquals(expected.stream().map(Expected::id).toList(), due.stream().map(OutboxEntry::id).toList(),
                        when + ", " + platform);
                for (int i = 0; i < due.size(); i++) {
                    OutboxEntry entry = due.get(i);
                    Expected wanted = expected.get(i);
                    String what = when + ", " + platform + ", entry " + entry.id();
                    assertEquals(Message.of(wanted.to(), Line.text(wanted.words())), entry.message(), what);
                    assertEquals(wanted.due(), entry.notBefore(), what);
                    assertEquals(wanted.attempts(), entry.attempts(), what);
                    assertEquals(wanted.firstFailed(), entry.firstFailed(), what);
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random queuing, releases, retries, deliveries, erasures, cascades, rollbacks (outer and nested), "
            + "restarts and clock jumps WHEN the outbox is asked what is due on each platform THEN it names exactly the "
            + "committed entries whose time has come, oldest first, as they were last written")
    void dueEntriesFollowTheCommittedWrites(long seed) {
        Model model = new Model();
        World world = new World(seed, model);
        world.walk("seed " + seed, STEPS, model);
    }
}
