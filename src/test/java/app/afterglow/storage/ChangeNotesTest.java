package app.afterglow.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a catch-up does, on a real database: the table is listed in full once; after a rollback
 * only the rows the kept times changed are read again; and which rows those were is forgotten at a
 * commit only when no rollback is left unaccounted for. Listing a large table again after every
 * rollback held the database for 0.15 s at 150,000 jobs, for each job that failed.
 */
class ChangeNotesTest {
    @TempDir
    Path dir;

    private SqliteStorage storage;
    private Database database;
    private ChangeNotes notes;
    private final List<String> calls = new ArrayList<>();

    @BeforeEach
    void open() {
        storage = Fixtures.open(dir);
        database = storage.database();
        notes = new ChangeNotes(new Sql(database), "DELETE FROM job_change", () -> calls.add("forget touched"));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private void catchUp() {
        notes.catchUp(() -> calls.add("list all"), () -> calls.add("recheck"), () -> {
            calls.add("read notes");
            return 0;
        });
    }

    @Test
    @DisplayName("the first catch-up lists every row, the next ones read the notes")
    void listsOnceThenReadsNotes() {
        database.run(this::catchUp);
        database.run(this::catchUp);
        assertEquals(List.of("list all", "forget touched", "read notes", "forget touched"), calls);
    }

    @Test
    @DisplayName("after a nested rollback only the touched rows are read again, inside the same transaction")
    void aNestedRollbackRechecksTheTouchedRowsOnly() {
        database.run(this::catchUp);
        calls.clear();
        database.run(() -> {
            assertThrows(IllegalStateException.class, () -> database.run(() -> {
                throw new IllegalStateException("a job failed");
            }));
            catchUp();
        });
        assertEquals(List.of("recheck", "read notes", "forget touched"), calls);
    }

    @Test
    @DisplayName("a commit after a rollback no catch-up has seen keeps the touched rows for the next catch-up")
    void aCommitAfterAnUnseenRollbackKeepsTheTouchedRows() {
        database.run(this::catchUp);
        calls.clear();
        database.run(() -> assertThrows(IllegalStateException.class, () -> database.run(() -> {
            throw new IllegalStateException("a job failed");
        })));
        assertThrows(IllegalStateException.class, () -> database.run(() -> {
            throw new IllegalStateException("an answer failed");
        }));
        assertEquals(List.of(), calls, "nothing forgotten while the rollbacks are unaccounted for");
        database.run(this::catchUp);
        assertEquals(List.of("recheck", "read notes", "forget touched"), calls);
    }
}
