package app.afterglow.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * SQLite's native library, kept in the data dir. The driver unpacks it from the jar into the temp
 * dir on every start, under a new name each time, and a process killed before it exits leaves its
 * copy there for good (a megabyte each crash); a temp dir that is read-only or mounted noexec, as
 * in a container run with {@code --read-only --tmpfs /tmp}, stops SQLite from loading at all.
 * Here the library is written once into {@code <data dir>/native}, checked against the jar's on
 * every start (reading both costs a few milliseconds, writing it again about 50) and loaded from
 * there; whatever goes wrong with that, the driver's own way is tried next.
 */
final class SqliteLibrary {
    static final String DIR = "native";
    /** Why nothing can be stored, when the library cannot be loaded from anywhere. */
    static final String NOT_LOADED = "SQLite's native library could not be loaded: it is kept in the data directory's "
            + DIR + " folder or, failing that, unpacked into the temp directory " + System.getProperty("java.io.tmpdir")
            + ", and neither could hold it and run it (read-only, or mounted noexec). Start Java with a temp directory"
            + " that can, e.g. JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=/var/tmp/afterglow (a directory that exists).";
    private static final Logger log = LoggerFactory.getLogger(SqliteLibrary.class);
    private static final int BUFFER = 64 * 1024;
    /** The driver's setting for a directory to load its library from before it unpacks its own. */
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static boolean tried;
    private static boolean loaded;

    private SqliteLibrary() {
    }

    /**
     * Loads SQLite's native library, from {@code dataDir} if it can be kept there. Safe to call from
     * any thread, any number of times: once loaded, it returns at once.
     *
     * @return whether SQLite can be used
     */
    static synchronized boolean load(Path dataDir) {
        if (!tried && System.getProperty(PATH_PROPERTY) == null) {
            kept(dataDir).ifPresent(dir -> System.setProperty(PATH_PROPERTY, dir.toString()));
        }
        return load();
    }

    /**
     * Loads SQLite's native library the driver's own way, unless that was tried already; see
     * {@link #load(Path)}. Tried once: the driver logs each way it failed, and once is enough.
     */
    private static synchronized boolean load() {
        if (!tried) {
            tried = true;
            try {
                loaded = SQLiteJDBCLoader.initialize();
            } catch (Exception e) {
                // The driver's own lines are off (simplelogger.properties): it logged a stack trace for
                // each place it tried, where the one message the caller gives says what to do.
                log.warn("SQLite's native library could not be loaded: {}", e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Where {@link #load} keeps the library in {@code dataDir}: under its own name, which the driver
     * also looks for in the jar if loading it from here fails, in a directory named for the
     * driver's version and this platform.
     */
    static Path file(Path dataDir) {
        String platform = LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/org/sqlite/native/", "")
                .replace('/', '-');
        return dataDir.resolve(DIR).resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + platform)
                .resolve(LibraryLoaderUtil.getNativeLibName());
    }

    /**
     * The directory holding the library kept in {@code dataDir}, written first if it is missing or
     * differs from the jar's; empty if it cannot be kept there (no such data dir, a file in the way,
     * no room), for the driver's own way.
     */
    static Optional<Path> kept(Path dataDir) {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Path file = file(dataDir);
        try {
            if (!Files.isDirectory(dataDir)) {
                return Optional.empty();
            }
            if (!sameAsJar(file, resource)) {
                write(file, resource);
            }
            return Optional.of(file.getParent());
        } catch (IOException | RuntimeException e) {
            log.debug("SQLite's native library not kept in {}: {}", file.getParent(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static boolean sameAsJar(Path file, String resource) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream jar = open(resource); InputStream kept = Files.newInputStream(file)) {
            byte[] a = new byte[BUFFER];
            byte[] b = new byte[BUFFER];
            while (true) {
                int n = jar.readNBytes(a, 0, BUFFER);
                int m = kept.readNBytes(b, 0, BUFFER);
                if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
                    return false;
                }
                if (n < BUFFER) {
                    return true;
                }
            }
        }
    }

    /** Written beside and moved into place, so that a start killed halfway never leaves half a library. */
    private static void write(Path file, String resource) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), "sqlite-", ".partial");
        try {
            try (InputStream jar = open(resource); OutputStream out = Files.newOutputStream(partial)) {
                jar.transferTo(out);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no " + resource + " in the jar");
        }
        return in;
    }
}
