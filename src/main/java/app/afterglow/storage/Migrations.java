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
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema's history: SQL scripts under {@code db/migration/}, named {@code V<n>__Verb_Noun.sql},
 * and steps in Java named {@code V<n>__Verb_Noun} where a change needs the data key (sealing what
 * was kept in clear), applied in order and recorded in {@code schema_version}. A migration that
 * has landed is never edited; a change is a new one.
 *
 * <p>Opening a database without the key ({@link Database#open}) applies migrations up to the first
 * that needs the key; {@link SqliteStorage#open} applies the rest once the key is checked. Each
 * migration runs in one transaction, so one that is interrupted (killed, power lost) left nothing
 * and runs again in full on the next start. Foreign keys are off while it runs, as SQLite's
 * procedure for rebuilding a table asks (a dropped table would otherwise take the rows that refer
 * to it along), and checked before it commits. A database made from nothing takes them all at
 * once instead, from the script of the latest schema that the build makes ({@link #createAtLatest}).
 */
final class Migrations {
    /** Every migration, in order. Listed here because a jar cannot be listed as a directory can. */
    static final List<String> SCRIPTS = List.of(
            "V1__Create_tables.sql",
            "V2__Create_adapter_state.sql",
            "V3__Add_outbox_quoting.sql",
            "V4__Add_focus_step_and_quiet_hold.sql",
            "V5__Add_outbox_cause_and_first_try.sql",
            "V6__Add_retention_indexes.sql",
            "V7__Add_query_indexes.sql",
            "V8__Seal_person_identity",
            "V9__Seal_times",
            "V10__Seal_queue_and_partnership_times",
            "V11__Key_adapter_state_and_seen_events",
            "V12__Drop_time_buckets.sql",
            "V13__Index_current_checkins.sql",
            "V14__Log_due_work_changes.sql",
            "V15__Index_ordered_lookups.sql",
            "V16__Keep_question_sets_once.sql",
            "V17__Seal_times_unpadded");

    /** The migrations done in Java, by name. */
    private static final Map<String, KeyedStep> KEYED = Map.of(
            "V8__Seal_person_identity", new V8SealPersonIdentity(),
            "V9__Seal_times", new V9SealTimes(),
            "V10__Seal_queue_and_partnership_times", new V10SealQueueAndPartnershipTimes(),
            "V11__Key_adapter_state_and_seen_events", new V11KeyAdapterStateAndSeenEvents(),
            "V17__Seal_times_unpadded", new V17SealTimesUnpadded());

    static final String RESOURCE_DIR = "/db/migration/";
    static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Z][a-z]*(_[A-Za-z0-9]+)*)(\\.sql)?");
    /** Set in {@code meta} by a migration that took plaintext out, until the file has been rebuilt without it. */
    static final String VACUUM_DUE = "vacuum_due";

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** A migration that needs the data key. */
    interface KeyedStep {
        /** Runs inside the migration's transaction, with foreign keys off. */
        void apply(Connection connection, Sealing sealing) throws SQLException;
    }

    /**
     * What a keyed migration seals with.
     *
     * @param afterRow run after each row is converted: a test stops a migration half-way with it
     */
    record Sealing(Encryptor encryptor, BlindIndex index, StateLookup lookups, TimeBucket buckets,
                   Runnable afterRow) {
    }

    record Migration(int version, String name, Optional<KeyedStep> keyed) {
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
            Optional<KeyedStep> keyed = Optional.ofNullable(KEYED.get(script));
            if (keyed.isEmpty() == (matcher.group(4) == null)) {
                throw new IllegalStateException("migration " + script + " is neither a script nor a step in Java");
            }
            parsed.add(new Migration(version, script, keyed));
        }
        return new Migrations(parsed);
    }

    int latest() {
        return migrations.size();
    }

    /**
     * Applies the migrations newer than the database's version, each in its own transaction with
     * its record in {@code schema_version}; without {@code sealing}, only up to the first that
     * needs the key. The connection must be in autocommit mode.
     */
    void apply(Connection connection, Path file, Optional<Sealing> sealing) throws SQLException {
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
            if (migration.keyed().isPresent() && sealing.isEmpty()) {
                return;
            }
            applyOne(connection, migration, sealing);
            log.info("Applied database migration {}", migration.name());
        }
    }

    /**
     * Brings a database that this open made from nothing to the latest schema in one transaction,
     * from the build's {@link SchemaScript}, and records every migration as applied: each would
     * have run on empty tables. Returns false, changing nothing, when this build has no script
     * for the latest version; the migrations then run one by one ({@link #apply}). The connection
     * must be in autocommit mode.
     */
    boolean createAtLatest(Connection connection, Path file) throws SQLException {
        Optional<String> script = SchemaScript.bundled(latest());
        if (script.isEmpty()) {
            return false;
        }
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(script.get());
            }
            record(connection, migrations);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw new StorageException("Could not create the tables of the new database " + file, e);
        } finally {
            connection.setAutoCommit(true);
        }
        log.info("Created the database {} at schema version {}", file, latest());
        return true;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void applyOne(Connection connection, Migration migration, Optional<Sealing> sealing)
            throws SQLException {
        foreignKeys(connection, false);
        connection.setAutoCommit(false);
        try {
            if (migration.keyed().isPresent()) {
                migration.keyed().get().apply(connection, sealing.orElseThrow());
                markVacuumDue(connection);
            } else {
                try (Statement statement = connection.createStatement()) {
                    // sqlite-jdbc runs every statement of the script on executeUpdate.
                    statement.executeUpdate(read(migration.name()));
                }
            }
            requireForeignKeysHold(connection, migration);
            record(connection, List.of(migration));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw new StorageException("Database migration " + migration.name() + " failed", e);
        } finally {
            connection.setAutoCommit(true);
            foreignKeys(connection, true);
        }
    }

    private static void record(Connection connection, List<Migration> applied) throws SQLException {
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO schema_version (version, name) VALUES (?, ?)")) {
            for (Migration migration : applied) {
                record.setInt(1, migration.version());
                record.setString(2, migration.name());
                record.executeUpdate();
            }
        }
    }

    /** What a keyed migration took out of the rows may linger in free pages until the file is rebuilt. */
    private static void markVacuumDue(Connection connection) throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement(
                "INSERT INTO meta (name, value) VALUES (?, x'') ON CONFLICT (name) DO NOTHING")) {
            mark.setString(1, VACUUM_DUE);
            mark.executeUpdate();
        }
    }

    /** Takes effect only outside a transaction, as SQLite ignores it inside one. */
    private static void foreignKeys(Connection connection, boolean on) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = " + (on ? "ON" : "OFF"));
        }
    }

    private static void requireForeignKeysHold(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet broken = statement.executeQuery("PRAGMA foreign_key_check")) {
            if (broken.next()) {
                throw new StorageException("Database migration " + migration.name() + " would break a reference from "
                        + broken.getString(1) + " to " + broken.getString(3));
            }
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
