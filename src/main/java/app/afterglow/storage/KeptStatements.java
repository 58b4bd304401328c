package app.afterglow.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Prepared statements kept for reuse on the database's one connection, by statement text. SQLite
 * compiles a statement each time it is prepared, and the benchmark's allocation profile showed
 * that preparing (with the column names it reads) among the storage's largest costs per
 * interaction. A kept statement is lent to one caller at a time: a caller that asks for the text
 * of a statement still lent out further up its own stack (a row mapper running the same query)
 * gets one of its own, closed when given back, so no result set is ever reset under its reader.
 *
 * <p>Not thread-safe: used only by {@link Database}, under its lock.
 */
final class KeptStatements {
    /** More distinct statements than the storage has; past it the least recently used is closed. */
    private static final int KEPT = 256;

    private final Connection connection;
    private final Map<String, PreparedStatement> byText = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= KEPT || lent.contains(eldest.getValue())) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };
    private final Set<PreparedStatement> lent = Collections.newSetFromMap(new IdentityHashMap<>());

    KeptStatements(Connection connection) {
        this.connection = connection;
    }

    PreparedStatement lend(String sql) throws SQLException {
        PreparedStatement kept = byText.get(sql);
        if (kept != null && lent.contains(kept)) {
            return connection.prepareStatement(sql);
        }
        if (kept == null) {
            kept = connection.prepareStatement(sql);
            byText.put(sql, kept);
        }
        lent.add(kept);
        return kept;
    }

    /**
     * Takes back what {@link #lend} gave. A statement that failed is closed and not kept: whatever
     * state it was left in goes with it.
     */
    void giveBack(String sql, PreparedStatement statement, boolean failed) {
        if (!lent.remove(statement)) {
            closeQuietly(statement);
            return;
        }
        try {
            if (!failed) {
                statement.clearParameters();
                return;
            }
        } catch (SQLException e) {
            // Unusable: dropped below like a failed one.
        }
        byText.remove(sql, statement);
        closeQuietly(statement);
    }

    /** Closes every kept statement: SQLite's VACUUM refuses to run beside statements still open. */
    void closeAll() {
        byText.values().forEach(KeptStatements::closeQuietly);
        byText.clear();
        lent.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // Its connection is closing or closed; the statement goes with it either way.
        }
    }
}
