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
}
