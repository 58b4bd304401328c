package app.afterglow.storage;

import app.afterglow.core.model.PersonId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs parameterised SQL on the database's connection, inside the caller's transaction, and turns
 * {@link SQLException}s into {@link StorageException}s that name the statement (never a value).
 *
 * <p>Parameters may be {@code null}, strings, numbers, booleans, byte arrays, {@link Instant}s
 * (stored as epoch millis), enums (by name), {@link PersonId}s, or {@link Optional}s of these.
 *
 * <p>Statements are borrowed from the database's {@link KeptStatements} and given back once their
 * rows are read.
 */
final class Sql {
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private final Database database;

    Sql(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows changed. */
    int update(String sql, Object... params) {
        PreparedStatement statement = null;
        boolean ran = false;
        try {
            statement = prepare(sql, params);
            int changed = statement.executeUpdate();
            ran = true;
            return changed;
        } catch (SQLException e) {
            throw failed(sql, e);
        } finally {
            giveBack(sql, statement, !ran);
        }
    }

    /** Runs an {@code INSERT … RETURNING id} and returns the id. */
    long insert(String sql, Object... params) {
        return one(sql, row -> row.getLong(1), params)
                .orElseThrow(() -> new StorageException("No id returned by: " + sql));
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        List<T> result = new ArrayList<>();
        each(sql, row -> result.add(mapper.map(row)), params);
        return result;
    }

    /** Hands each row to {@code reader}, keeping none: for a listing too long to hold as objects. */
    void each(String sql, RowReader reader, Object... params) {
        PreparedStatement statement = null;
        boolean ran = false;
        try {
            statement = prepare(sql, params);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
            ran = true;
        } catch (SQLException e) {
            throw failed(sql, e);
        } finally {
            giveBack(sql, statement, !ran);
        }
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        if (rows.size() > 1) {
            throw new StorageException("More than one row from: " + sql);
        }
        return rows.stream().findFirst();
    }

    /** See {@link Database#afterEachCommit}. */
    void afterEachCommit(Runnable action) {
        database.afterEachCommit(action);
    }

    /** See {@link Database#undone}. */
    long undone() {
        return database.undone();
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = database.lend(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, toColumn(params[i]));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            database.giveBack(sql, statement, true);
            throw e;
        }
    }

    private void giveBack(String sql, PreparedStatement statement, boolean failed) {
        if (statement != null) {
            database.giveBack(sql, statement, failed);
        }
    }

    private static Object toColumn(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(Sql::toColumn).orElse(null);
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof PersonId person) {
            return person.value();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        if (value == null || value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof byte[]) {
            return value;
        }
        throw new IllegalArgumentException("no column type for " + value.getClass().getName());
    }

    private static StorageException failed(String sql, SQLException e) {
        return new StorageException("SQL failed: " + sql, e);
    }

    /** The instant as it reads back: times are kept to the millisecond. */
    static Instant stored(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    static Optional<Long> optionalLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    static Optional<PersonId> optionalPerson(ResultSet row, String column) throws SQLException {
        return optionalLong(row, column).map(PersonId::new);
    }
}
