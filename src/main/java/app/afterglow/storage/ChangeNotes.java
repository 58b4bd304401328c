package app.afterglow.storage;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The ids of a table's rows written since they were last read, noted by the table's triggers in a
 * table of their own (migration 14), so that times kept in memory ({@link OpenedTimes}) are brought
 * up to date by reading what changed rather than every row. A store that also keeps times from its
 * own writes cannot trust them once a transaction was rolled back (the write may be undone, and its
 * note with it), so it then lists the table in full, as it does the first time. Used under the
 * database's lock.
 */
final class ChangeNotes {
    private final Sql sql;
    private final String clear;
    /** {@link Sql#undone} when the table was last listed in full; never yet. */
    private long listedAfterUndone = -1;

    /** @param clear the statement that empties the table of notes, which its triggers fill */
    ChangeNotes(Sql sql, String clear) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.clear = Objects.requireNonNull(clear, "clear");
    }

    /**
     * Runs {@code listAll} on the first call and after any rollback since the last, else
     * {@code readNotes}, which reads the notes (joined with the rows they name) and returns how
     * many it read; then empties the notes.
     */
    void catchUp(Runnable listAll, IntSupplier readNotes) {
        long undone = sql.undone();
        boolean anyNoted;
        if (undone != listedAfterUndone) {
            listAll.run();
            listedAfterUndone = undone;
            anyNoted = true;
        } else {
            anyNoted = readNotes.getAsInt() > 0;
        }
        if (anyNoted) {
            sql.update(clear);
        }
    }
}
