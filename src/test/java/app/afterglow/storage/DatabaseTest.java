package app.afterglow.storage;

import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.testing.TestLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static app.afterglow.storage.Fixtures.open;
import static app.afterglow.storage.Fixtures.person;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseTest {
    /**
     * Takes a database at version 17 back to version 16. Its times stay unpadded, which every
     * version since 11 reads (seen events' times were sealed so since then).
     */
    static final String UNDO_VERSION_17 = """
                DELETE FROM schema_version WHERE version = 17;
                """;

    /** Takes a database at version 16 back to version 15: each check-in with its own copy of its question set. */
    static final String UNDO_VERSION_16 = """
                CREATE TABLE checkin_with_sets (
                    id             INTEGER PRIMARY KEY,
                    partnership_id INTEGER REFERENCES partnership (id) ON DELETE SET NULL,
                    session_id     INTEGER REFERENCES session (id) ON DELETE SET NULL,
                    question_set   TEXT    NOT NULL,
                    status         TEXT    NOT NULL,
                    created BLOB, expires BLOB);
                INSERT INTO checkin_with_sets SELECT c.id, c.partnership_id, c.session_id, s.json, c.status, c.created,
                    c.expires FROM checkin c JOIN question_set s ON s.id = c.question_set_id;
                DROP TABLE checkin;
                ALTER TABLE checkin_with_sets RENAME TO checkin;
                CREATE INDEX checkin_session ON checkin (session_id);
                CREATE INDEX checkin_partnership ON checkin (partnership_id);
                CREATE INDEX checkin_open ON checkin (partnership_id) WHERE status = 'OPEN';
                DROP TABLE question_set;
                DELETE FROM meta WHERE name = 'vacuum_due';
                DELETE FROM schema_version WHERE version = 16;
                """;

    /** Takes a database back to version 14, as an earlier Afterglow left it. */
    static final String UNDO_VERSION_15 = """
                DROP INDEX participation_position;
                DROP INDEX outbox_held;
                DELETE FROM schema_version WHERE version = 15;
                """;

    /** Takes a database at version 14 back to version 13. */
    static final String UNDO_VERSION_14 = """
                DROP TABLE job_change;
                DROP TRIGGER job_inserted;
                DROP TRIGGER job_rescheduled;
                DROP TRIGGER job_deleted;
                DROP TABLE outbox_change;
                DROP TRIGGER outbox_inserted;
                DROP TRIGGER outbox_rescheduled;
                DROP TRIGGER outbox_deleted;
                DELETE FROM schema_version WHERE version = 14;
                """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a data directory that does not exist WHEN storage opens THEN it is created and every migration is applied and recorded")
    void freshDirectoryIsMigrated() throws SQLException {
        Path dataDir = dir.resolve("nested/data");
        open(dataDir).close();

        assertTrue(Files.exists(dataDir.resolve(Database.FILE_NAME)));
        assertEquals(Migrations.SCRIPTS, rawStrings(dataDir, "SELECT name FROM schema_version ORDER BY version"));
        assertEquals(List.of("meta", "outbox", "participation", "partnership", "person", "job", "job_change", "checkin",
                        "question_set", "session", "adapter_state", "seen_event", "outbox_change")
                        .stream().sorted().toList(),
                rawStrings(dataDir, "SELECT name FROM sqlite_master WHERE type = 'table'"
                        + " AND name NOT IN ('schema_version', 'sqlite_sequence') ORDER BY name"));
    }

    @Test
    @DisplayName("GIVEN a data directory with no database WHEN storage opens THEN the new file is not rebuilt and owes "
            + "no rebuild: its migrations ran on empty tables, so there was never plaintext to rebuild it without")
    void aNewDatabaseIsNotRebuilt() throws SQLException {
        open(dir).close();

        assertEquals(List.of("0"), rawStrings(dir, "SELECT count(*) FROM meta WHERE name = 'vacuum_due'"));
        assertFalse(TestLog.text().contains(dir.resolve(Database.FILE_NAME) + " rebuilt"), "a rebuild ran");
    }

    @Test
    @DisplayName("GIVEN a write-ahead log left in the data directory without its database WHEN storage opens THEN the "
            + "file is rebuilt after the migrations all the same, for SQLite may read that log into it")
    void aDatabaseBesideAnOldLogIsRebuilt() throws SQLException, IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(Database.FILE_NAME + "-wal"), new byte[0]);

        open(dir).close();

        assertEquals(List.of("0"), rawStrings(dir, "SELECT count(*) FROM meta WHERE name = 'vacuum_due'"));
        assertTrue(TestLog.text().contains(dir.resolve(Database.FILE_NAME) + " rebuilt"), "no rebuild ran");
    }

    @Test
    @DisplayName("A data directory the bot creates is readable by its owner alone")
    void newDataDirectoryIsPrivate() throws java.io.IOException {
        Path dataDir = dir.resolve("fresh");
        open(dataDir).close();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
    }

    @Test
    @DisplayName("GIVEN a migrated database WHEN it is opened again THEN no migration runs twice and the data is still there")
    void reopeningKeepsDataAndSkipsAppliedMigrations() throws SQLException {
        PersonId id;
        try (SqliteStorage storage = open(dir)) {
            id = person(storage, "100", "Robin").id();
        }
        List<String> recordedFirst = rawStrings(dir, "SELECT version || applied_at FROM schema_version");

        try (SqliteStorage storage = open(dir)) {
            assertEquals("Robin", tx(storage, () -> storage.stores().people().find(id)).orElseThrow().name());
        }
        assertEquals(recordedFirst, rawStrings(dir, "SELECT version || applied_at FROM schema_version"));
    }

    @Test
    @DisplayName("GIVEN a database at schema version 2 with a person and a message waiting in the outbox WHEN this version "
            + "opens it THEN only the newer migrations run, the person is found by platform id, and the message is kept, "
            + "quoting nobody")
    void aVersionTwoDatabaseIsUpgradedKeepingItsOutbox() throws SQLException, IOException {
        Files.createDirectories(dir);
        rawUpdate(dir, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                + "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        for (int version = 1; version <= 2; version++) {
            String script = Migrations.SCRIPTS.get(version - 1);
            try (InputStream in = Migrations.class.getResourceAsStream(Migrations.RESOURCE_DIR + script)) {
                rawUpdate(dir, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            rawUpdate(dir, "INSERT INTO schema_version (version, name) VALUES (" + version + ", '" + script + "')");
        }
        rawUpdate(dir, "INSERT INTO person (id, platform, platform_user_id, display_name, bot, zone, created_at) "
                + "VALUES (1, 'MATRIX', '@robin:example.org', 'Robin', 0, 'UTC', 0)");
        rawUpdate(dir, "INSERT INTO outbox (person_id, not_before, message) VALUES (1, 0, x'0102')");

        try (SqliteStorage storage = open(dir)) {
            Person robin = tx(storage, () -> storage.stores().people().find(
                    PlatformUser.human(Platform.MATRIX, "@robin:example.org", "Robin"))).orElseThrow();
            assertEquals(new PersonId(1), robin.id());
            assertEquals("Robin", robin.name());
            assertEquals(ZoneId.of("UTC"), robin.zone());
        }

        assertEquals(Migrations.SCRIPTS, rawStrings(dir, "SELECT name FROM schema_version ORDER BY version"));
        assertEquals(List.of("1|null"), rawStrings(dir, "SELECT person_id || '|' || coalesce(quoting_person_id, 'null') FROM outbox"));
    }

    @Test
    @DisplayName("GIVEN a database written by a newer Afterglow WHEN it is opened THEN that is a clear error and nothing is changed")
    void newerDatabaseIsRefused() throws SQLException {
        open(dir).close();
        rawUpdate(dir, "INSERT INTO schema_version (version, name) VALUES (99, 'V99__Add_future.sql')");

        StorageException e = assertThrows(StorageException.class, () -> open(dir));

        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("up to " + Migrations.SCRIPTS.size()), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve(Database.FILE_NAME).toString()), e.getMessage());
    }

    @Test
    @DisplayName("WHEN the database opens THEN WAL, foreign keys, secure delete, NORMAL sync and a busy timeout are on")
    void pragmasAreSet() {
        try (Database database = Database.open(dir)) {
            Sql sql = new Sql(database);
            database.run(() -> {
                assertEquals("wal", pragma(sql, "journal_mode"));
                assertEquals("1", pragma(sql, "foreign_keys"));
                assertEquals("1", pragma(sql, "secure_delete"));
                assertEquals("1", pragma(sql, "synchronous"));
                assertEquals("5000", pragma(sql, "busy_timeout"));
            });
        }
    }

    @Test
    @DisplayName("WHEN a row is inserted THEN the driver does not run a statement of its own for the row's id "
            + "(the stores read ids through RETURNING)")
    void insertsRunNoKeyLookup() {
        try (Database database = Database.open(dir)) {
            database.run(() -> {
                try (Statement create = database.connection().createStatement()) {
                    create.execute("CREATE TEMP TABLE probe (value TEXT)");
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
                try (PreparedStatement insert = database.connection().prepareStatement("INSERT INTO probe (value) VALUES ('x')")) {
                    assertEquals(1, insert.executeUpdate());
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        assertFalse(keys.next(), "the driver looked up the inserted row's id");
                    }
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @Test
    @DisplayName("GIVEN the migration resources WHEN listed THEN each is named V<n>__Verb_Noun.sql and registered in order, "
            + "beside the steps in Java named V<n>__Verb_Noun")
    void everyMigrationResourceIsRegistered() throws URISyntaxException, IOException {
        Path resources = Path.of(Migrations.class.getResource(Migrations.RESOURCE_DIR).toURI());
        try (Stream<Path> files = Files.list(resources)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(names, Migrations.SCRIPTS.stream().filter(n -> n.endsWith(".sql")).sorted().toList());
        }
        Migrations.SCRIPTS.forEach(n -> assertTrue(Migrations.NAME.matcher(n).matches(), n));
        assertEquals(Migrations.SCRIPTS.size(), Migrations.bundled().latest());
    }

    @Test
    @DisplayName("WHEN a store is used outside a transaction THEN it refuses")
    void storesNeedATransaction() {
        try (SqliteStorage storage = open(dir)) {
            assertThrows(IllegalStateException.class, () -> storage.stores().people().find(new PersonId(1)));
        }
    }

    @Test
    @DisplayName("GIVEN a closed database WHEN a transaction is started THEN it refuses, and closing again is harmless")
    void closedDatabaseRefusesWork() {
        SqliteStorage storage = open(dir);
        storage.close();
        storage.close();
        assertThrows(IllegalStateException.class, () -> tx(storage, () -> 1));
    }

    @Test
    @DisplayName("WHEN the WAL is checkpointed THEN the WAL file is left empty; inside a transaction that is refused")
    void checkpointTruncatesTheWal() throws IOException {
        try (SqliteStorage storage = open(dir)) {
            person(storage, "100", "Robin");
            assertTrue(Files.size(dir.resolve(Database.FILE_NAME + "-wal")) > 0);

            storage.database().checkpointWal();

            assertEquals(0, Files.size(dir.resolve(Database.FILE_NAME + "-wal")));
            assertThrows(IllegalStateException.class, () -> tx(storage, () -> {
                storage.database().checkpointWal();
                return null;
            }));
        }
    }

    private static String pragma(Sql sql, String name) {
        return sql.one("PRAGMA " + name, row -> row.getString(1)).orElseThrow();
    }

    static List<String> rawStrings(Path dataDir, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> result = new ArrayList<>();
            while (rows.next()) {
                result.add(rows.getString(1));
            }
            return result;
        }
    }

    static void rawUpdate(Path dataDir, String update) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME));
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(update);
        }
    }
}
