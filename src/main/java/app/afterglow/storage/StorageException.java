package app.afterglow.storage;

/**
 * Storage failed: the database could not be read or written, or the data key does not fit it.
 * Messages name files, tables and ids, never anything a person wrote.
 */
public final class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
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
