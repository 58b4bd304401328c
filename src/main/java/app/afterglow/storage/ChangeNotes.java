package app.afterglow.storage;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The ids of a table's rows written since they were last read, noted by the table's triggers in a
 * table of their own (migration 14), so that times kept in memory ({@link OpenedTimes}) are brought
 * up to date by reading what changed rather than every row. The first time, the table is listed in
 * full.
 *
 * <p>A rolled-back transaction undoes its writes and their notes, but not what was kept in memory
 * meanwhile, from the store's own writes or from notes it read. So the kept times remember which
 * rows they changed ({@link OpenedTimes#touched}), and after a rollback those rows are read again
 * ({@code recheck}). They may forget them only once a commit has made the rows' state final with no
 * rollback unaccounted for: a nested transaction rolled back inside one that then commits leaves
 * its rows to be read again after the commit. Before, any rollback listed the table in full: at
 * 150,000 pending jobs 0.15 s under the database's lock, for every job that failed. Used under the
 * database's lock.
 */
final class ChangeNotes {
    private final Sql sql;
    private final String clear;
    /** {@link Sql#undone} when the kept times were last made to agree with the table; never yet. */
    private long agreedAfterUndone = -1;

    /**
     * @param clear         the statement that empties the table of notes, which its triggers fill
     * @param forgetTouched lets the kept times forget which rows they changed
     */
    ChangeNotes(Sql sql, String clear, Runnable forgetTouched) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.clear = Objects.requireNonNull(clear, "clear");
        Objects.requireNonNull(forgetTouched, "forgetTouched");
        sql.afterEachCommit(() -> {
            if (sql.undone() == agreedAfterUndone) {
                forgetTouched.run();
            }
        });
    }

    /**
     * Runs {@code listAll} on the first call; else {@code recheck} if a transaction was rolled
     * back since the last call, then {@code readNotes}, which reads the notes (joined with the rows
     * they name) and returns how many it read; then empties the notes.
     */
    void catchUp(Runnable listAll, Runnable recheck, IntSupplier readNotes) {
        long undone = sql.undone();
        boolean anyNoted;
        if (agreedAfterUndone < 0) {
            listAll.run();
            anyNoted = true;
        } else {
            if (undone != agreedAfterUndone) {
                recheck.run();
            }
            anyNoted = readNotes.getAsInt() > 0;
        }
        agreedAfterUndone = undone;
        if (anyNoted) {
            sql.update(clear);
        }
    }
}
