package app.afterglow.storage;

import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.PartnershipStatus;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.PartnershipStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Partnerships, in table {@code partnership}. Updating one that does not exist fails. */
final class SqlitePartnershipStore implements PartnershipStore {
    private static final String COLUMNS = "id, inviter_id, invitee_id, status, created_at";

    private final Sql sql;

    SqlitePartnershipStore(Sql sql) {
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    @Override
    public Partnership create(PersonId inviter, PersonId invitee, Instant now) {
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(invitee, "invitee");
        Objects.requireNonNull(now, "now");
        long id = sql.insert("""
                        INSERT INTO partnership (inviter_id, invitee_id, status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?) RETURNING id""",
                inviter, invitee, PartnershipStatus.PENDING, now, now);
        return new Partnership(id, Optional.of(inviter), Optional.of(invitee), PartnershipStatus.PENDING,
                Sql.stored(now));
    }

    @Override
    public Optional<Partnership> find(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM partnership WHERE id = ?",
                SqlitePartnershipStore::partnership, id);
    }

    @Override
    public List<Partnership> forPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        return sql.list("SELECT " + COLUMNS + " FROM partnership WHERE inviter_id = ? OR invitee_id = ?"
                        + " ORDER BY created_at DESC, id DESC",
                SqlitePartnershipStore::partnership, person, person);
    }

    @Override
    public void updateStatus(long id, PartnershipStatus status, Instant now) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(now, "now");
        if (sql.update("UPDATE partnership SET status = ?, updated_at = ? WHERE id = ?", status, now, id) != 1) {
            throw new IllegalArgumentException("no partnership " + id);
        }
    }

    private static Partnership partnership(ResultSet row) throws SQLException {
        return new Partnership(row.getLong("id"), Sql.optionalPerson(row, "inviter_id"),
                Sql.optionalPerson(row, "invitee_id"), PartnershipStatus.valueOf(row.getString("status")),
                Sql.instant(row, "created_at"));
    }
}
