package app.afterglow.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema's history: SQL scripts under {@code db/migration/}, named {@code V<n>__Verb_Noun.sql},
 * applied in order and recorded in {@code schema_version}. A script that has landed is never
 * edited; a change is a new script.
 */
final class Migrations {
    /** Every script, in order. Listed here because a jar cannot be listed as a directory can. */
    static final List<String> SCRIPTS = List.of(
            "V1__Create_tables.sql",
            "V2__Create_adapter_state.sql",
            "V3__Add_outbox_quoting.sql",
            "V4__Add_focus_step_and_quiet_hold.sql",
            "V5__Add_outbox_cause_and_first_try.sql",
            "V6__Add_retention_indexes.sql",
            "V7__Add_query_indexes.sql");

    static final String RESOURCE_DIR = "/db/migration/";
    static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Z][a-z]*(_[A-Za-z0-9]+)*)\\.sql");

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    record Migration(int version, String name) {
    }

    private final List<Migration> migrations;

    private Migrations(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    static Migrations bundled() {
        List<Migration> parsed = new ArrayList<>();
        for (String script : SCRIPTS) {
            Matcher matcher = NAME.matcher(script);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration " + script + " is not named V<n>__Verb_Noun.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != parsed.size() + 1) {
                throw new IllegalStateException("migration " + script + " is out of order");
            }
            parsed.add(new Migration(version, script));
        }
        return new Migrations(parsed);
    }

    int latest() {
        return migrations.size();
    }

    /**
     * Applies the scripts newer than the database's version, each in its own transaction with its
     * record in {@code schema_version}. The connection must be in autocommit mode.
     */
    void apply(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version    INTEGER PRIMARY KEY,
                        name       TEXT NOT NULL,
                        applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
                    )""");
        }
        int current = currentVersion(connection);
        if (current > latest()) {
            throw new StorageException("The database " + file + " has schema version " + current
                    + ", but this Afterglow knows versions up to " + latest()
                    + ". Run the newer Afterglow that wrote it, or restore a backup made by this version.");
        }
        for (Migration migration : migrations.subList(current, migrations.size())) {
            applyOne(connection, migration);
            log.info("Applied database migration {}", migration.name());
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void applyOne(Connection connection, Migration migration) throws SQLException {
        String script = read(migration.name());
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                // sqlite-jdbc runs every statement of the script on executeUpdate.
                statement.executeUpdate(script);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.name());
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw new StorageException("Database migration " + migration.name() + " failed", e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(RESOURCE_DIR + script)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + RESOURCE_DIR + script + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("Could not read migration " + script, e);
        }
    }
}
