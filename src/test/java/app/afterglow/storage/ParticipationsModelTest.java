package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.CheckinStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Randomised model of what each person answered in each check-in, as the check-in store reads it
 * back: random people in couples, triads and personal forms; random progress saved (answers with
 * words, skips, choices, share choices, the message each came from), submissions and reminders;
 * people erased and others taking their ids; transactions and nested ones rolled back after their
 * writes and reads, restarts and clock jumps. After every step each participation reads as the
 * model's, which is only the last committed write of it (or the start, for one never written),
 * and an erased person's answers are nowhere: not in the store and not kept opened in memory.
 * The store keeps progress opened beside its sealed bytes; this is what must hold however it
 * does. {@code -Dparticipation.seeds=N} runs more seeds.
 */
class ParticipationsModelTest {
    private static final int STEPS = 250;
    private static final List<String> WORDS = List.of("water", "held", "quiet", "ok", "💜", "<@123>", "**bold**",
            "a\nb", "");

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, Long.getLong("participation.seeds", 16));
    }

    /** A check-in as the model knows it: its people in order and what each last saved. */
    private record Modelled(long id, List<PersonId> people, Map<PersonId, Participation> saved) {
        Modelled copy() {
            return new Modelled(id, new ArrayList<>(people), new LinkedHashMap<>(saved));
        }
    }

    private static final class Model implements RandomWalk.Snapshot<Model> {
        final List<Modelled> checkins = new ArrayList<>();
        final List<PersonId> people = new ArrayList<>();
        final Set<PersonId> erased = new HashSet<>();

        @Override
        public Model copy() {
            Model copy = new Model();
            copy.takeFrom(this);
            return copy;
        }

        @Override
        public void takeFrom(Model other) {
            checkins.clear();
            other.checkins.forEach(c -> checkins.add(c.copy()));
            people.clear();
            people.addAll(other.people);
            erased.clear();
            erased.addAll(other.erased);
        }
    }

    private final class World extends RandomWalk<Model> {
        int made;

        World(long seed, Model model) {
            super(seed, dir);
            for (int i = 0; i < 6; i++) {
                model.people.add(tx(() -> someoneNew(model)));
            }
        }

        PersonId someoneNew(Model model) {
            made++;
            PersonId id = stores().people().findOrCreate(PlatformUser.human(Platform.DISCORD, String.valueOf(made),
                    "Person " + made), ZONE, Optional.empty(), T0).id();
            // An erased person's id may be given again, to someone who has answered nothing yet.
            model.erased.remove(id);
            return id;
        }

        CheckinStore checkins() {
            return stores().checkins();
        }

        @Override
        void write(Model model) {
            int choice = random.nextInt(10);
            if (choice < 2 || model.checkins.isEmpty()) {
                create(model);
            } else if (choice < 8) {
                save(model);
            } else {
                erase(model);
            }
        }

        void create(Model model) {
            List<PersonId> everyone = new ArrayList<>(model.people);
            java.util.Collections.shuffle(everyone, random);
            List<PersonId> people = List.copyOf(everyone.subList(0, 1 + random.nextInt(3)));
            long id = Fixtures.checkin(stores(), Optional.empty(), people, now).id();
            Map<PersonId, Participation> start = new LinkedHashMap<>();
            people.forEach(p -> start.put(p, new Participation(id, p, Progress.start(), Optional.empty(), false)));
            model.checkins.add(new Modelled(id, new ArrayList<>(people), start));
        }

        void save(Model model) {
            Modelled checkin = model.checkins.get(random.nextInt(model.checkins.size()));
            if (checkin.people().isEmpty()) {
                return;
            }
            PersonId person = checkin.people().get(random.nextInt(checkin.people().size()));
            Participation next = new Participation(checkin.id(), person, someProgress(),
                    random.nextInt(3) == 0 ? Optional.of(Sql.stored(now)) : Optional.empty(), random.nextBoolean());
            checkins().save(next);
            checkin.saved().put(person, next);
        }

        Progress someProgress() {
            Map<String, Answer> answers = new LinkedHashMap<>();
            Map<String, String> sources = new LinkedHashMap<>();
            Set<String> sentNow = new LinkedHashSet<>();
            for (String question : List.of("feeling", "need", "mood", "favourite")) {
                if (random.nextBoolean()) {
                    continue;
                }
                Answer answer = switch (random.nextInt(4)) {
                    case 0 -> Answer.skip();
                    case 1 -> Answer.ofScale(random.nextInt(11));
                    case 2 -> Answer.ofChoices(List.of(WORDS.get(random.nextInt(WORDS.size()))));
                    default -> Answer.ofText(WORDS.get(random.nextInt(WORDS.size())) + " " + random.nextInt(1000));
                };
                answers.put(question, answer.withShared(random.nextBoolean()));
                if (random.nextInt(3) == 0) {
                    sources.put(question, "$event" + random.nextInt(100));
                }
                if (random.nextInt(4) == 0) {
                    sentNow.add(question);
                }
            }
            return new Progress(random.nextInt(5), random.nextInt(5) == 0, random.nextBoolean(), answers, sentNow, sources);
        }

        /** Their check-ins alone go, their part in shared ones too; someone new comes in their place. */
        void erase(Model model) {
            PersonId gone = model.people.get(random.nextInt(model.people.size()));
            stores().people().delete(gone);
            for (Modelled checkin : model.checkins) {
                checkin.people().remove(gone);
                checkin.saved().remove(gone);
            }
            model.checkins.removeIf(c -> c.people().isEmpty());
            model.erased.add(gone);
            model.people.set(model.people.indexOf(gone), someoneNew(model));
        }

        @Override
        void check(Model model, String when) {
            for (Modelled checkin : model.checkins) {
                String what = when + ", check-in " + checkin.id();
                assertEquals(List.copyOf(checkin.people()), checkins().participants(checkin.id()), what);
                assertEquals(checkin.people().stream().map(checkin.saved()::get).toList(),
                        checkins().participations(checkin.id()), what);
                for (PersonId person : checkin.people()) {
                    assertEquals(Optional.of(checkin.saved().get(person)),
                            checkins().participation(checkin.id(), person), what + ", " + person);
                }
                for (PersonId gone : model.erased) {
                    assertEquals(Optional.empty(), checkins().participation(checkin.id(), gone), what + ", erased " + gone);
                }
            }
            Set<Long> erased = new HashSet<>(model.erased.stream().map(PersonId::value).toList());
            assertFalse(storage().keptOpen().progresses.keepsAny(seat -> erased.contains(seat.personId())),
                    when + ": an erased person's progress is still kept opened");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @DisplayName("GIVEN random couples, triads and forms, saves, erasures, rollbacks (outer and nested), restarts and "
            + "clock jumps WHEN each participation is read back THEN it is exactly its last committed write, and an "
            + "erased person's answers are neither in the store nor kept opened in memory")
    void participationsReadBackAsLastCommitted(long seed) {
        Model model = new Model();
        World world = new World(seed, model);
        world.walk("seed " + seed, STEPS, model);
    }
}
