package app.afterglow.storage;

import app.afterglow.core.util.SafeLog;
import org.sqlite.SQLiteException;

import java.util.Optional;

/**
 * Storage failed: the database could not be read or written, or the data key does not fit it.
 * Messages name files, tables and ids, never anything a person wrote. In the log, which carries
 * no message, it is known by SQLite's result code when SQLite failed (database locked, disk full,
 * a constraint): the one thing a host needs to tell those apart.
 */
public final class StorageException extends RuntimeException implements SafeLog.Coded {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Optional<String> code() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return Optional.of(sqlite.getResultCode().name());
            }
        }
        return Optional.empty();
    }

    /**
     * What a host reads when start-up stops here: the message, the operating system's reason
     * when the failure carried one, and who Afterglow runs as — a file's owner and the uid that
     * may not write it are most of what a permission problem needs.
     */
    public String explanation() {
        String reason = getCause() == null ? "" : " (" + HostFacts.reason(getCause()) + ")";
        return getMessage() + reason + " Afterglow runs as " + HostFacts.currentUser() + ".";
    }
}
