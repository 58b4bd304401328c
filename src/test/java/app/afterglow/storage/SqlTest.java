package app.afterglow.storage;

import app.afterglow.core.util.SafeLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statements are kept for reuse; reuse must never change what a query returns. */
class SqlTest {
    private static final String NAMES = "SELECT name FROM meta WHERE name LIKE 'row-%' ORDER BY name";

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN five rows WHEN, while reading them, a row mapper runs the very same query for each THEN the "
            + "outer read still sees all five, each inner read sees all five, and the query works as before after")
    void aQueryRunInsideItsOwnMapperReadsEverything() {
        try (Database database = Database.open(dir)) {
            Sql sql = new Sql(database);
            database.run(() -> IntStream.range(0, 5).forEach(i ->
                    sql.update("INSERT INTO meta (name, value) VALUES (?, x'')", "row-" + i)));

            List<List<String>> nested = database.inTransaction(() -> sql.list(NAMES,
                    row -> sql.list(NAMES, inner -> inner.getString(1) + " inside " + row.getString(1))));

            assertEquals(5, nested.size());
            for (int outer = 0; outer < 5; outer++) {
                int o = outer;
                assertEquals(IntStream.range(0, 5).mapToObj(i -> "row-" + i + " inside row-" + o).toList(), nested.get(o));
            }
            assertEquals(IntStream.range(0, 5).mapToObj(i -> "row-" + i).toList(),
                    database.inTransaction(() -> sql.list(NAMES, row -> row.getString(1))));
        }
    }

    @Test
    @DisplayName("GIVEN a kept statement that fails (a duplicate key) WHEN the same statement runs again with other "
            + "values, and the database is vacuumed between uses THEN it works, and so does everything after")
    void aStatementThatFailedAndAVacuumLeaveNothingBroken() {
        try (Database database = Database.open(dir)) {
            Sql sql = new Sql(database);
            String insert = "INSERT INTO meta (name, value) VALUES (?, x'')";
            database.run(() -> sql.update(insert, "row-a"));
            assertThrows(StorageException.class, () -> database.run(() -> sql.update(insert, "row-a")));
            database.run(() -> sql.update(insert, "row-b"));
            database.vacuum();
            database.run(() -> sql.update(insert, "row-c"));

            assertEquals(List.of("row-a", "row-b", "row-c"),
                    database.inTransaction(() -> sql.list(NAMES, row -> row.getString(1))));
        }
    }

    @Test
    @DisplayName("GIVEN a statement SQLite refuses (a duplicate key) WHEN the failure is described for the log THEN "
            + "it carries SQLite's result code beside the storage's class, and neither the statement nor a value")
    void aFailureIsLoggedWithSqlitesCodeAndNoValue() {
        try (Database database = Database.open(dir)) {
            Sql sql = new Sql(database);
            String insert = "INSERT INTO meta (name, value) VALUES (?, x'')";
            database.run(() -> sql.update(insert, "row-secret"));

            StorageException failure = assertThrows(StorageException.class,
                    () -> database.run(() -> sql.update(insert, "row-secret")));
            String line = SafeLog.describe(failure);

            assertTrue(line.startsWith("app.afterglow.storage.StorageException [SQLITE_CONSTRAINT_PRIMARYKEY]"), line);
            assertFalse(line.contains("secret") || line.contains("INSERT") || line.contains("meta"), line);
        }
    }
}
