package app.afterglow.storage;

import app.afterglow.testing.TestLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.DatabaseTest.rawStrings;
import static app.afterglow.storage.Fixtures.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewDatabaseTest {
    private static final String SCHEMA = "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '')"
            + " FROM sqlite_master ORDER BY type, name";
    private static final String VERSIONS = "SELECT version || ' ' || name FROM schema_version ORDER BY version";

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN no database WHEN storage opens THEN its tables, indexes and triggers are exactly those the "
            + "migrations build one by one, and every migration is recorded as applied")
    void aNewDatabaseHasTheSchemaOfTheMigrationsOneByOne() throws SQLException, IOException {
        Path made = openedByStorage("made");
        Path stepped = Files.createDirectories(dir.resolve("stepped"));
        Path steppedFile = stepped.resolve(Database.FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + steppedFile)) {
            Migrations.bundled().apply(connection, steppedFile, Optional.of(SchemaScript.throwawaySealing()));
        }

        List<String> schema = rawStrings(stepped, SCHEMA);
        assertTrue(schema.size() > 40, "the migrations built " + schema);
        assertEquals(schema, rawStrings(made, SCHEMA));
        assertEquals(rawStrings(stepped, VERSIONS), rawStrings(made, VERSIONS));
        assertEquals(Migrations.SCRIPTS.size(), rawStrings(made, VERSIONS).size());
    }

    @Test
    @DisplayName("GIVEN no database WHEN storage opens THEN the log says in one line that it was made at the latest "
            + "schema version, not a line for each migration")
    void aNewDatabaseIsMadeInOneStep() {
        int before = TestLog.text().length();

        open(dir).close();

        String logged = TestLog.text().substring(before);
        assertTrue(logged.contains("Created the database " + dir.resolve(Database.FILE_NAME) + " at schema version "
                + Migrations.SCRIPTS.size()), "no schema script for the latest version in this build (mvn "
                + "process-classes makes it): " + logged);
        assertFalse(logged.contains("Applied database migration"), logged);
    }

    @Test
    @DisplayName("GIVEN an empty database file, as a first start stopped while making it leaves one WHEN storage opens "
            + "THEN the migrations run one by one and leave the same schema")
    void anEmptyFileLeftBehindIsMigratedStepByStep() throws SQLException, IOException {
        Path made = openedByStorage("made");
        Path left = Files.createDirectories(dir.resolve("left"));
        Files.createFile(left.resolve(Database.FILE_NAME));
        int before = TestLog.text().length();

        open(left).close();

        String logged = TestLog.text().substring(before);
        assertTrue(logged.contains("Applied database migration " + Migrations.SCRIPTS.get(0)), logged);
        assertFalse(logged.contains("Created the database"), logged);
        assertEquals(rawStrings(made, SCHEMA), rawStrings(left, SCHEMA));
        assertEquals(rawStrings(made, VERSIONS).size(), rawStrings(left, VERSIONS).size());
    }

    @Test
    @DisplayName("A schema script made at an earlier version, as a build that skipped making it anew after a "
            + "migration was added holds, is not taken for the latest (a new database then takes the migrations one "
            + "by one), and this build's own script is for the latest version")
    void aScriptOfAnEarlierVersionIsNotTaken() throws SQLException {
        int latest = Migrations.SCRIPTS.size();
        String script;
        try (Connection empty = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            script = SchemaScript.of(empty, latest - 1);
        }

        assertTrue(SchemaScript.at(script, latest - 1).isPresent());
        assertTrue(SchemaScript.at(script, latest).isEmpty());
        assertTrue(SchemaScript.bundled(latest).isPresent(), "this build's script is for the latest version");
    }

    private Path openedByStorage(String name) {
        Path dataDir = dir.resolve(name);
        open(dataDir).close();
        return dataDir;
    }

    @Test
    @DisplayName("The build refuses to make the schema script when the migrations leave a row in a new database: the "
            + "script holds the schema alone, so a database made from it would lack that row")
    void aMigrationThatLeavesARowFailsTheScript() throws SQLException {
        Path file = dir.resolve(Database.FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Migrations.bundled().apply(connection, file, Optional.of(SchemaScript.throwawaySealing()));
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO meta (name, value) VALUES ('seed', x'00')");
            }

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SchemaScript.of(connection, Migrations.SCRIPTS.size()));
            assertTrue(e.getMessage().contains("table meta"), e.getMessage());
        }
    }
}
