package app.afterglow.storage;

import app.afterglow.core.messages.Message;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every query the storage runs finds its rows through an index, so its cost does not grow with the
 * tables: a year of history must not make a click slower. The statements are read from the
 * compiled storage classes, where the compiler has joined each one into a single constant (they
 * are all constant text, handed to {@link Sql}), so none is missed for want of a flow that runs
 * it; SQLite then explains each over a database that real check-ins filled.
 */
class QueryPlanTest {
    /**
     * Tables that do not grow with use, where a scan costs nothing; the change notes hold only
     * the jobs and queued messages written since they were last read and emptied.
     */
    private static final Set<String> FIXED_SIZE = Set.of("meta", "schema_version", "job_change", "outbox_change");
    /**
     * A statement: a keyword as the storage writes it, in capitals, and more after it. String joins
     * with a value in them compile to their constant pieces (a message's " with " among them), which
     * are not statements.
     */
    private static final Pattern STATEMENT = Pattern.compile("(?s)\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\s+\\S.*");
    /** A plan step reading a whole table, not through an index: {@code SCAN person} or {@code SCAN p}. */
    private static final Pattern FULL_SCAN = Pattern.compile("SCAN (\\w+)");
    /** A statement that asks for its rows in some order. */
    private static final Pattern ORDERED = Pattern.compile("(?is).*\\bORDER BY\\b.*");
    /** A statement that asks for a page: its first rows in some order, and no more. */
    private static final Pattern PAGED = Pattern.compile("(?is).*\\bORDER BY\\b.*\\bLIMIT\\b.*");
    /** A plan step sorting rows found: {@code USE TEMP B-TREE FOR ORDER BY}, or for part of it. */
    private static final Pattern SORTS = Pattern.compile("USE TEMP B-TREE FOR .*ORDER BY");
    private static final Pattern NAMED = Pattern.compile("(?i)\\b(?:FROM|JOIN|UPDATE|INTO)\\s+(\\w+)(?:\\s+(?:AS\\s+)?(\\w+))?");
    private static final Pattern MIGRATION_STEP = Pattern.compile("V[0-9]+[A-Z].*\\.class");
    /** Run by the build alone, once, over an empty database, to write the schema script. */
    private static final Set<String> RUN_BY_THE_BUILD = Set.of("SchemaScript.class");
    private static final int COUPLES = 12;
    private static final int WEEKS = 3;

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a database filled by couples going through weeks of check-ins WHEN SQLite explains every "
            + "statement the storage classes hold THEN none reads a whole table that grows with use")
    void everyQueryUsesAnIndex() throws Exception {
        fill();
        List<String> statements = statements();
        assertTrue(statements.size() >= 40, "the storage's statements were found: " + statements.size());
        List<String> scans = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            Set<String> tables = tables(db);
            for (String sql : statements) {
                for (String step : plan(db, sql)) {
                    Matcher scan = FULL_SCAN.matcher(step);
                    if (scan.lookingAt() && !step.contains(" USING ")) {
                        String table = aliases(sql).getOrDefault(scan.group(1), scan.group(1));
                        if (tables.contains(table) && !FIXED_SIZE.contains(table)) {
                            scans.add(step + " (" + table + ") in: " + sql.strip().replaceAll("\\s+", " "));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), scans, "full scans of tables that grow");
    }

    @Test
    @DisplayName("GIVEN a database filled by couples going through weeks of check-ins WHEN SQLite explains every "
            + "statement that asks for its rows in some order THEN each walks an index in that order, so a page stops "
            + "at its limit rather than sorting every row found to keep the first few, and a lookup run on every click "
            + "does not pay for SQLite's sorter, which costs more to set up than finding a few rows does")
    void everyOrderedQueryWalksAnIndexInOrder() throws Exception {
        fill();
        List<String> ordered = statements().stream().filter(sql -> ORDERED.matcher(sql).matches()).toList();
        assertTrue(ordered.stream().filter(sql -> PAGED.matcher(sql).matches()).count() >= 3,
                "the storage's paged statements were found: " + ordered);
        List<String> sorted = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            for (String sql : ordered) {
                if (plan(db, sql).stream().anyMatch(step -> SORTS.matcher(step).lookingAt())) {
                    sorted.add(sql.strip().replaceAll("\\s+", " "));
                }
            }
        }
        assertEquals(List.of(), sorted, "statements that sort what they found");
    }

    @Test
    @DisplayName("GIVEN a database filled by couples going through weeks of check-ins WHEN SQLite explains the lookups of "
            + "what is still open or saved THEN each reads its partial index, which holds only those rows, and not an "
            + "index that holds all of a person's or a couple's history")
    void currentCheckinsAreFoundThroughTheirPartialIndexes() throws Exception {
        fill();
        Map<String, String> indexFor = Map.of("p.current = ?", "participation_current",
                "c.status = 'OPEN'", "checkin_open");
        List<String> wrong = new ArrayList<>();
        int found = 0;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            for (String sql : statements()) {
                for (Map.Entry<String, String> lookup : indexFor.entrySet()) {
                    if (sql.contains(lookup.getKey())) {
                        found++;
                        List<String> plan = plan(db, sql);
                        if (plan.stream().noneMatch(step -> step.contains(" INDEX " + lookup.getValue() + " "))) {
                            wrong.add(plan + " in: " + sql.strip().replaceAll("\\s+", " "));
                        }
                    }
                }
            }
        }
        assertEquals(4, found, "the lookups of open and saved check-ins were found");
        assertEquals(List.of(), wrong, "lookups of open or saved check-ins that read another index");
    }

    @Test
    @DisplayName("GIVEN the schema WHEN a row is deleted THEN every foreign key pointing at it is found through an "
            + "index, since SQLite looks for the rows to cascade to or clear, and no plan shows that")
    void everyForeignKeyIsIndexed() throws Exception {
        SqliteStorage.open(dir, java.util.Optional.empty()).close();
        List<String> unindexed = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME))) {
            for (String table : tables(db)) {
                Set<String> leading = new TreeSet<>(column(db, "SELECT ii.name FROM pragma_index_list('" + table
                        + "') il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name IS NOT NULL"));
                for (String column : column(db, "SELECT \"from\" FROM pragma_foreign_key_list('" + table + "')")) {
                    if (!leading.contains(column)) {
                        unindexed.add(table + "." + column);
                    }
                }
            }
        }
        assertEquals(List.of(), unindexed, "foreign keys without an index");
    }

    private static List<String> column(Connection db, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Couples going through sessions (before, after, the next day's follow-up) week after week. */
    private void fill() {
        try (TestBot bot = new TestBot(dir)) {
            for (int couple = 0; couple < COUPLES; couple++) {
                bot.partners("a" + couple, "b" + couple);
            }
            for (int week = 0; week < WEEKS; week++) {
                for (int couple = 0; couple < COUPLES; couple++) {
                    String a = "a" + couple;
                    String b = "b" + couple;
                    finish(bot, a, bot.command(a, "session start"));
                    finish(bot, b, bot.inbox(b));
                    finish(bot, b, bot.command(b, "session end"));
                    finish(bot, a, bot.inbox(a));
                }
                bot.advance(Duration.ofHours(21));
                for (int couple = 0; couple < COUPLES; couple++) {
                    finish(bot, "a" + couple, bot.inbox("a" + couple));
                    finish(bot, "b" + couple, bot.inbox("b" + couple));
                }
                bot.advance(Duration.ofDays(6));
            }
            bot.command("a0", "history");
            bot.command("a0", "prefs");
        }
    }

    /** Skips every question of the check-in the messages show, shares all and submits. */
    private static void finish(TestBot bot, String who, List<Message> shown) {
        List<Message> current = shown;
        for (int step = 0; step < 30 && !TestBot.plain(current).contains("your answers before you send them"); step++) {
            current = bot.say(who, "skip");
        }
        bot.say(who, "share all");
        bot.say(who, "submit");
    }

    private static List<String> plan(Connection db, String sql) {
        List<String> steps = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rows.next()) {
                steps.add(rows.getString("detail"));
            }
        } catch (SQLException e) {
            throw new AssertionError("SQLite could not explain: " + sql, e);
        }
        return steps;
    }

    private static Set<String> tables(Connection db) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** Alias to table, from {@code FROM checkin c} and the like. */
    private static Map<String, String> aliases(String sql) {
        Map<String, String> aliases = new HashMap<>();
        Matcher named = NAMED.matcher(sql);
        while (named.find()) {
            String alias = named.group(2);
            if (alias != null && !Set.of("WHERE", "ON", "SET", "JOIN", "ORDER", "VALUES", "LEFT", "GROUP", "LIMIT")
                    .contains(alias.toUpperCase(Locale.ROOT))) {
                aliases.put(alias, named.group(1));
            }
        }
        return aliases;
    }

    /** Every SQL statement among the string constants of the compiled storage classes. */
    private static List<String> statements() throws IOException, URISyntaxException {
        Path classes = Path.of(Sql.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Sql.class.getPackageName().replace('.', '/'));
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            // A migration's statements are written for the schema it starts from, and run once.
            for (Path file : files.filter(f -> f.toString().endsWith(".class")
                    && !MIGRATION_STEP.matcher(f.getFileName().toString()).matches()
                    && !RUN_BY_THE_BUILD.contains(f.getFileName().toString())).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (String constant : stringConstants(new DataInputStream(in))) {
                        if (STATEMENT.matcher(constant).matches()) {
                            found.add(constant);
                        }
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    /** The text constants of a class file (JVM specification, 4.4), in pool order. */
    private static List<String> stringConstants(DataInputStream in) throws IOException {
        in.readInt(); // magic
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    index++; // a long or double takes two entries
                }
                default -> throw new UncheckedIOException(new IOException("unknown constant pool tag " + tag));
            }
        }
        return texts;
    }
}
