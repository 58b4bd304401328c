package app.afterglow.storage;

import app.afterglow.core.model.PersonId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs parameterised SQL on the database's connection, inside the caller's transaction, and turns
 * {@link SQLException}s into {@link StorageException}s that name the statement (never a value).
 *
 * <p>Parameters may be {@code null}, strings, numbers, booleans, byte arrays, {@link Instant}s
 * (stored as epoch millis), enums (by name), {@link PersonId}s, or {@link Optional}s of these.
 *
 * <p>Prepared statements are kept for reuse, per statement text, on the connection they were
 * prepared on: SQLite compiles a statement each time it is prepared, and the benchmark's profile
 * showed that compiling (and the column names it reads) among the storage's largest costs per
 * interaction. Used only under the database's lock, as every call happens inside a transaction.
 */
final class Sql {
    /** More distinct statements than the storage has; past it the least recently used is closed. */
    private static final int KEPT_STATEMENTS = 256;

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Database database;
    /** Statements by text, most recently used last; guarded by the database's lock. */
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= KEPT_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };
    /** The connection the kept statements belong to; they are dropped if the database hands out another. */
    private Connection preparedOn;

    Sql(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        database.keepsStatements(this);
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the number of rows changed. */
    int update(String sql, Object... params) {
        try {
            return prepare(sql, params).executeUpdate();
        } catch (SQLException e) {
            throw failedAndForgotten(sql, e);
        }
    }

    /** Runs an {@code INSERT … RETURNING id} and returns the id. */
    long insert(String sql, Object... params) {
        return one(sql, row -> row.getLong(1), params)
                .orElseThrow(() -> new StorageException("No id returned by: " + sql));
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try (ResultSet rows = prepare(sql, params).executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw failedAndForgotten(sql, e);
        }
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        if (rows.size() > 1) {
            throw new StorageException("More than one row from: " + sql);
        }
        return rows.stream().findFirst();
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        Connection connection = database.connection();
        if (connection != preparedOn) {
            release();
            preparedOn = connection;
        }
        PreparedStatement statement = prepared.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        try {
            statement.clearParameters();
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, toColumn(params[i]));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            prepared.remove(sql);
            closeQuietly(statement);
            throw e;
        }
    }

    /**
     * Closes every kept statement. SQLite's {@code VACUUM} refuses to run beside statements still
     * open on the connection, so the database releases them all first. Under the database's lock.
     */
    void release() {
        prepared.values().forEach(Sql::closeQuietly);
        prepared.clear();
    }

    /** A statement that failed is not kept: whatever state it was left in goes with it. */
    private StorageException failedAndForgotten(String sql, SQLException e) {
        PreparedStatement statement = prepared.remove(sql);
        if (statement != null) {
            closeQuietly(statement);
        }
        return failed(sql, e);
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // Its connection is closing or closed; the statement goes with it either way.
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
