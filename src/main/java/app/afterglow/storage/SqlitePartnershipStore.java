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

/**
 * Partnerships, in table {@code partnership}: who with whom as person ids, and the status in
 * clear; when one was made is sealed, bound to it, and when its status last changed is not kept
 * (nothing reads it). Updating one that does not exist fails.
 */
final class SqlitePartnershipStore implements PartnershipStore {
    private static final String COLUMNS = "id, inviter_id, invitee_id, status, created";

    private final Sql sql;
    private final SealedTimes times;

    SqlitePartnershipStore(Sql sql, SealedTimes times) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.times = Objects.requireNonNull(times, "times");
    }

    @Override
    public Partnership create(PersonId inviter, PersonId invitee, Instant now) {
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(invitee, "invitee");
        Objects.requireNonNull(now, "now");
        // The id is part of what the seal is bound to, so the row is made first and sealed after.
        long id = sql.insert("""
                        INSERT INTO partnership (inviter_id, invitee_id, status, created)
                        VALUES (?, ?, ?, x'') RETURNING id""",
                inviter, invitee, PartnershipStatus.PENDING);
        sql.update("UPDATE partnership SET created = ? WHERE id = ?", times.seal(now, createdContext(id)), id);
        return new Partnership(id, Optional.of(inviter), Optional.of(invitee), PartnershipStatus.PENDING,
                Sql.stored(now));
    }

    @Override
    public Optional<Partnership> find(long id) {
        return sql.one("SELECT " + COLUMNS + " FROM partnership WHERE id = ?", this::partnership, id);
    }

    /**
     * Ids grow with time, so the newest is the one with the highest id. Two lookups merged, each
     * reading its index in id order, where {@code inviter_id = ? OR invitee_id = ?} had SQLite
     * sort what the two found.
     */
    @Override
    public List<Partnership> forPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        return sql.list("SELECT " + COLUMNS + " FROM partnership WHERE inviter_id = ?"
                        + " UNION SELECT " + COLUMNS + " FROM partnership WHERE invitee_id = ? ORDER BY id DESC",
                this::partnership, person, person);
    }

    @Override
    public void updateStatus(long id, PartnershipStatus status, Instant now) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(now, "now");
        if (sql.update("UPDATE partnership SET status = ? WHERE id = ?", status, id) != 1) {
            throw new IllegalArgumentException("no partnership " + id);
        }
    }

    private Partnership partnership(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        return new Partnership(id, Sql.optionalPerson(row, "inviter_id"),
                Sql.optionalPerson(row, "invitee_id"), PartnershipStatus.valueOf(row.getString("status")),
                times.open(row.getBytes("created"), createdContext(id)));
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String createdContext(long partnershipId) {
        return "partnership.created of partnership " + partnershipId;
    }
}
