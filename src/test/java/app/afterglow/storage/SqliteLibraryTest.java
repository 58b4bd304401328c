package app.afterglow.storage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQLite's native library kept in the data dir, so that a start need not unpack it into the temp dir. */
class SqliteLibraryTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a data dir WHEN the library is kept THEN it is written under native/, named for the driver's version and the platform, byte for byte the jar's, with nothing half-written left beside it")
    void keptLibraryIsTheJars() throws IOException {
        Optional<Path> kept = SqliteLibrary.kept(dir);

        Path file = SqliteLibrary.file(dir);
        assertEquals(Optional.of(file.getParent()), kept);
        assertEquals(dir.resolve("native"), file.getParent().getParent());
        assertTrue(file.getParent().getFileName().toString().startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-"),
                file.toString());
        assertEquals(LibraryLoaderUtil.getNativeLibName(), file.getFileName().toString());
        assertArrayEquals(jars(), Files.readAllBytes(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "only the library itself");
        }
    }

    @Test
    @DisplayName("GIVEN the library kept already WHEN a later start keeps it THEN it is read, not written again")
    void keptLibraryIsReused() throws IOException {
        SqliteLibrary.kept(dir);
        Path file = SqliteLibrary.file(dir);
        Files.setLastModifiedTime(file, LONG_AGO);

        SqliteLibrary.kept(dir);

        assertEquals(LONG_AGO, Files.getLastModifiedTime(file));
    }

    @Test
    @DisplayName("GIVEN a kept library that differs from the jar's (cut short, or changed) WHEN a start keeps it THEN the jar's is written over it")
    void alteredLibraryIsReplaced() throws IOException {
        SqliteLibrary.kept(dir);
        Path file = SqliteLibrary.file(dir);
        byte[] jars = jars();
        byte[] changed = jars.clone();
        changed[changed.length / 2] ^= 1;
        Files.write(file, changed);

        SqliteLibrary.kept(dir);
        assertArrayEquals(jars, Files.readAllBytes(file));

        Files.write(file, new byte[]{1, 2, 3});
        SqliteLibrary.kept(dir);
        assertArrayEquals(jars, Files.readAllBytes(file));
    }

    @Test
    @DisplayName("GIVEN no data dir, or a file where the native folder goes WHEN the library is to be kept THEN nothing is kept, for the driver's own way")
    void nothingKeptWhereItCannotBe() throws IOException {
        assertEquals(Optional.empty(), SqliteLibrary.kept(dir.resolve("missing")));
        Files.createFile(dir.resolve("native"));

        assertEquals(Optional.empty(), SqliteLibrary.kept(dir));
        assertTrue(Files.isRegularFile(dir.resolve("native")), "the file in the way is left alone");
    }

    private static byte[] jars() throws IOException {
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(LibraryLoaderUtil.getNativeLibResourcePath()
                + "/" + LibraryLoaderUtil.getNativeLibName())) {
            return in.readAllBytes();
        }
    }
}
