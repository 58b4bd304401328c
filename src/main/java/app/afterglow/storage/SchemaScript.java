package app.afterglow.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The schema of a new database as one script: every table, index and trigger the migrations leave,
 * as SQLite itself keeps them. The build makes it (see {@code pom.xml}) by running the migrations
 * one by one on an empty database, and a database that a start makes from nothing runs it in one
 * transaction ({@link Migrations#createAtLatest}): the seventeen steps took some 20 ms of
 * processor on a first start, on the processors Discord's login needs, and wrote a log line each
 * around the one that matters there, the new data key's.
 *
 * <p>Its first line names the schema version it was made at; a build that did not make it anew
 * after a migration was added (an IDE compiling without Maven's process-classes phase) has none
 * for the latest version, and a new database then takes the migrations one by one.
 */
public final class SchemaScript {
    private static final String RESOURCE = "/db/schema.sql";
    private static final String HEADER = "-- Afterglow's schema at version ";
    /** Tables first, so that each index and trigger finds its table. */
    private static final String OBJECTS = """
            SELECT sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid""";

    private SchemaScript() {
    }

    /** Arguments: the file to write. A migration that leaves rows in a new database fails the build. */
    public static void main(String[] args) throws IOException, SQLException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SchemaScript TARGET.sql");
        }
        Path target = Path.of(args[0]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, migratedStepByStep());
    }

    /** The script of a database the migrations built one by one, in a directory of its own, deleted after. */
    private static String migratedStepByStep() throws IOException, SQLException {
        Path dir = Files.createTempDirectory("afterglow-schema-");
        try {
            Path file = dir.resolve(Database.FILE_NAME);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                Migrations migrations = Migrations.bundled();
                migrations.apply(connection, file, Optional.of(throwawaySealing()));
                try (Statement statement = connection.createStatement()) {
                    // Asks for a rebuild without plaintext, which a file made from nothing never held.
                    statement.executeUpdate("DELETE FROM meta WHERE name = '" + Migrations.VACUUM_DUE + "'");
                }
                return of(connection, migrations.latest());
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** The migrations run on empty tables, so nothing is ever sealed with this key. */
    static Migrations.Sealing throwawaySealing() {
        SecureRandom random = new SecureRandom();
        DataKey key = DataKey.generate(random, "a throwaway key");
        return new Migrations.Sealing(new Encryptor(key, random), new BlindIndex(key), new StateLookup(key),
                new TimeBucket(random), () -> {
        });
    }

    /**
     * The script of the schema on {@code connection}, at {@code version}.
     *
     * @throws IllegalStateException if a table other than {@code schema_version} holds rows: a
     *                               script of the schema alone would leave them out
     */
    static String of(Connection connection, int version) throws SQLException {
        StringBuilder script = new StringBuilder(HEADER).append(version).append('\n');
        try (Statement statement = connection.createStatement()) {
            try (ResultSet tables = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT IN ('schema_version', 'sqlite_sequence')")) {
                while (tables.next()) {
                    requireEmpty(connection, tables.getString(1));
                }
            }
            try (ResultSet objects = statement.executeQuery(OBJECTS)) {
                while (objects.next()) {
                    script.append('\n').append(objects.getString(1)).append(";\n");
                }
            }
        }
        return script.toString();
    }

    private static void requireEmpty(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rows.next();
            if (rows.getLong(1) > 0) {
                throw new IllegalStateException("the migrations leave rows in the table " + table
                        + " of a new database, which a script of its schema would not make");
            }
        }
    }

    /** The bundled script, if it was made at {@code version}. */
    static Optional<String> bundled(int version) {
        try (InputStream in = SchemaScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            return at(new String(in.readAllBytes(), StandardCharsets.UTF_8), version);
        } catch (IOException e) {
            throw new StorageException("Could not read " + RESOURCE + " from the jar", e);
        }
    }

    /** {@code script}, if its first line says it was made at {@code version}. */
    static Optional<String> at(String script, int version) {
        return script.startsWith(HEADER + version + "\n") ? Optional.of(script) : Optional.empty();
    }
}
