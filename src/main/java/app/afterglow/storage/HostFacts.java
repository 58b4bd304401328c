package app.afterglow.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What a host needs to read a storage failure: the operating system's own reason, who owns the
 * file, and who Afterglow runs as — on a Docker bind mount these two differ more often than not.
 */
final class HostFacts {
    private HostFacts() {
    }

    /**
     * The operating system's reason for a failure, as {@code strerror} words it. Java keeps the
     * reason for most errors but turns the three commonest into exception types without one.
     */
    static String reason(Throwable failure) {
        if (failure instanceof FileSystemException fs && fs.getReason() == null) {
            if (fs instanceof AccessDeniedException) {
                return "Permission denied";
            }
            if (fs instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            if (fs instanceof FileAlreadyExistsException) {
                return "File exists";
            }
            if (fs instanceof NotDirectoryException) {
                return "Not a directory";
            }
        }
        if (failure instanceof FileSystemException fs) {
            return fs.getReason();
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    /** "uid 10001": the effective uid, which owns {@code /proc/self} on Linux; elsewhere the user name. */
    static String currentUser() {
        try {
            return "uid " + Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException notLinux) {
            return "user " + System.getProperty("user.name");
        }
    }

    /** " (owner uid 0, rwxr-xr-x)", or nothing where the file system cannot say. */
    static String ownership(Path path) {
        try {
            return " (owner uid " + Files.getAttribute(path, "unix:uid") + ", "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return "";
        }
    }
}
