package app.afterglow.storage;

import app.afterglow.core.Command;
import app.afterglow.core.Context;
import app.afterglow.core.Input;
import app.afterglow.core.Request;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.core.questions.Question;
import app.afterglow.core.questions.QuestionType;
import app.afterglow.testing.TestBot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A data directory filled through the real flows — people on the console and on Discord,
 * partnerships, a session with its check-ins answered, preferences, a need sent at once, a
 * follow-up under way, messages still queued — with planted values that must never be readable
 * without the key: names, platform ids, time zones, answers and the distinctive times things
 * happened at. The same flows made the version 7 database under {@code src/test/resources}.
 */
final class Planted {
    /** Console people: their platform id is the name in lower case. */
    static final String MARIGOLD = "Marigoldquenby";
    static final String THADDEUS = "Thaddeuswrenfield";
    static final String YSOLDE = "Ysoldecarraway";
    static final PlatformUser ONDINE = PlatformUser.human(Platform.DISCORD, "731946285017364480", "Ondine Farrowmere");
    static final PlatformUser CASPIAN = PlatformUser.human(Platform.DISCORD, "918273645546372819", "Caspian Wexleyholt");
    static final String MARIGOLD_ZONE = "Pacific/Chatham";
    static final String ONDINE_ZONE = "Asia/Kathmandu";
    static final String QUIET = "01:17-05:43";
    static final String ANSWER = "velvetlantern";
    private static final String VERSION_SEVEN = "/storage/v7/";

    /** Odd times, so each is found only where it was stored. */
    static final Instant SESSION_START = TestBot.START.plusMillis(3 * 3_600_000L + 17 * 60_000L + 41_389L);
    static final Instant SESSION_END = SESSION_START.plusMillis(5_923_517L);
    /** The follow-up falls due a day later, and starts when the ticker finds it. */
    static final Instant FOLLOWUP_START = SESSION_END.plus(Duration.ofDays(1));
    static final List<Instant> TIMES = List.of(SESSION_START, SESSION_END, FOLLOWUP_START);

    private Planted() {
    }

    static void fill(Path dataDir) {
        try (TestBot bot = new TestBot(dataDir)) {
            bot.partners(MARIGOLD, THADDEUS);
            bot.command(MARIGOLD, "partner invite " + YSOLDE);
            bot.command(MARIGOLD, "settings timezone " + MARIGOLD_ZONE);
            bot.command(MARIGOLD, "settings quiet " + QUIET);
            bot.command(MARIGOLD, "prefs");
            answerAll(bot, MARIGOLD, CheckinKind.PREFS);

            discord(bot, ONDINE, new Command.PartnerInvite(CASPIAN));
            discord(bot, CASPIAN, new Command.PartnerAccept(Optional.of(ONDINE)));
            discord(bot, ONDINE, new Command.Settings(Optional.of(ONDINE_ZONE), Optional.of(QUIET)));

            bot.advance(Duration.between(bot.now(), SESSION_START));
            bot.command(MARIGOLD, "session start");
            answerAll(bot, MARIGOLD, CheckinKind.BEFORE);
            answerAll(bot, THADDEUS, CheckinKind.BEFORE);
            discord(bot, ONDINE, new Command.SessionStart(Optional.of(CASPIAN)));

            bot.advance(Duration.between(bot.now(), SESSION_END));
            bot.command(THADDEUS, "session end");
            answerAll(bot, THADDEUS, CheckinKind.AFTER);
            answerAll(bot, MARIGOLD, CheckinKind.AFTER);
            bot.command(MARIGOLD, "history");

            bot.advance(Duration.between(bot.now(), FOLLOWUP_START));
        }
    }

    /** Every text answer planted: one per text question, person and kind. */
    static List<String> answers() {
        List<String> all = new ArrayList<>();
        for (CheckinKind kind : List.of(CheckinKind.PREFS, CheckinKind.BEFORE, CheckinKind.AFTER)) {
            for (String who : List.of(MARIGOLD, THADDEUS)) {
                if (kind != CheckinKind.PREFS || who.equals(MARIGOLD)) {
                    all.addAll(answers(kind, who));
                }
            }
        }
        return all;
    }

    /** The text answers {@code who} planted in the kind's set, in question order. */
    static List<String> answers(CheckinKind kind, String who) {
        return TestBot.catalog().standard(kind).questions().stream()
                .filter(q -> q.type() == QuestionType.TEXT)
                .map(q -> ANSWER + "-" + who.toLowerCase(Locale.ROOT) + "-" + kind + "-" + q.id())
                .toList();
    }

    private static void discord(TestBot bot, PlatformUser who, Command command) {
        bot.afterglow().handle(Request.direct(who, Context.PRIVATE, new Input.Run(command)));
        bot.settle();
    }

    /** Answers every question of the kind's set, planting its text answers, shares all, submits. */
    private static void answerAll(TestBot bot, String who, CheckinKind kind) {
        List<String> planted = answers(kind, who);
        int text = 0;
        for (Question q : TestBot.catalog().standard(kind).questions()) {
            switch (q.type()) {
                case SCALE -> bot.say(who, String.valueOf(q.max() - 1));
                case ONE -> bot.say(who, "1");
                case MANY -> {
                    bot.say(who, "1 2");
                    if (q.sendNow()) {
                        bot.say(who, "send now");
                    }
                }
                case TEXT -> bot.say(who, planted.get(text++));
            }
        }
        bot.say(who, "share all");
        bot.say(who, "submit");
    }

    /**
     * Puts the version 7 database in {@code dataDir}, with its key file: what {@link #fill} made
     * on the code as it was at that version (schema version 7, everything but answers in clear),
     * kept as the SQL that rebuilds it, so no database or key file lives in the repository.
     */
    static void versionSeven(Path dataDir) throws IOException {
        String script = resource("afterglow.sql");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME));
             Statement statement = db.createStatement()) {
            statement.executeUpdate(script);
        } catch (SQLException e) {
            throw new IOException("could not rebuild the version 7 database", e);
        }
        Path key = dataDir.resolve(KeyFile.FILE_NAME);
        Files.writeString(key, resource("data-key.base64"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Planted.class.getResourceAsStream(VERSION_SEVEN + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
