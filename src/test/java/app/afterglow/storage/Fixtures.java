package app.afterglow.storage;

import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Option;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.core.store.Stores;
import app.afterglow.testing.RawFiles;
import app.afterglow.testing.TestBot;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Shared data and helpers for the storage tests. Every storage here is a real SQLite file. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-03-01T20:00:00Z");
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private Fixtures() {
    }

    static SqliteStorage open(Path dataDir) {
        return SqliteStorage.open(dataDir, Optional.empty());
    }

    static <T> T tx(SqliteStorage storage, Supplier<T> work) {
        return storage.stores().transactions().inTransaction(work);
    }

    static Person person(SqliteStorage storage, String platformId, String name) {
        return tx(storage, () -> storage.stores().people().findOrCreate(
                PlatformUser.human(Platform.DISCORD, platformId, name), ZONE, Optional.empty(), T0));
    }

    static QuestionSet afterSet() {
        return new QuestionSet("after", CheckinKind.AFTER, "Aftercare", "Take your time.", List.of(
                new Question("feeling", QuestionType.SCALE, "How do you feel?", "", List.of(),
                        0, 10, "rough", "glowing", 0, false),
                new Question("need", QuestionType.MANY, "What do you need?", "Pick any.", List.of(
                        new Option("water", "Water"), new Option("blanket", "A blanket")),
                        0, 0, "", "", 0, true),
                new Question("mood", QuestionType.ONE, "Mood?", "", List.of(
                        new Option("calm", "Calm"), new Option("wired", "Wired")),
                        0, 0, "", "", 0, false),
                new Question("favourite", QuestionType.TEXT, "Favourite part?", "", List.of(),
                        0, 0, "", "", 500, false)));
    }

    static Checkin checkin(Stores stores, Optional<Long> partnershipId, List<PersonId> people,
                           Instant at) {
        return stores.checkins().create(partnershipId, Optional.empty(), afterSet(), people, at,
                at.plusSeconds(48 * 3600));
    }

    /** Whether any of the data directory's files (the database, its WAL and shared memory) holds {@code needle}. */
    static boolean filesContain(Path dataDir, byte[] needle) {
        return RawFiles.contain(dataDir, needle);
    }

    static boolean filesContain(Path dataDir, String needle) {
        return RawFiles.contain(dataDir, needle);
    }

    /** Answers the first free-text question of {@code kind}'s set with {@code words}, skips the rest, shares all, submits. */
    static void answerFirstText(TestBot bot, String who, CheckinKind kind, String words) {
        boolean planted = false;
        for (Question q : TestBot.catalog().standard(kind).questions()) {
            if (!planted && q.type() == QuestionType.TEXT) {
                bot.say(who, words);
                planted = true;
            } else {
                bot.say(who, "skip");
            }
        }
        bot.say(who, "share all");
        bot.say(who, "submit");
    }
}
