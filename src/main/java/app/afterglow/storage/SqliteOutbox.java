package app.afterglow.storage;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.Outbox;
import app.afterglow.core.store.OutboxEntry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Queued messages, in table {@code outbox}, each sealed and bound to its entry id and recipient.
 * Entries are due in the order they were added. Marking an entry that is already gone (its
 * recipient erased their data meanwhile) does nothing.
 */
final class SqliteOutbox implements Outbox {
    private final Sql sql;
    private final Json json;
    private final Encryptor encryptor;

    SqliteOutbox(Sql sql, Json json, Encryptor encryptor) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.json = Objects.requireNonNull(json, "json");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    }

    @Override
    public void add(Message message, Instant notBefore, Optional<PersonId> quoting, Optional<PersonId> cause) {
        insert(message, notBefore, quoting, cause, false);
    }

    @Override
    public void addHeld(Message message, Instant until, Optional<PersonId> quoting, Optional<PersonId> cause) {
        insert(message, until, quoting, cause, true);
    }

    private void insert(Message message, Instant notBefore, Optional<PersonId> quoting, Optional<PersonId> cause,
                        boolean held) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(quoting, "quoting");
        Objects.requireNonNull(cause, "cause");
        // The id is part of what the seal is bound to, so the row is made first and sealed after.
        long id = sql.insert("""
                        INSERT INTO outbox (person_id, not_before, quoting_person_id, cause_person_id, quiet_hold, message)
                        VALUES (?, ?, ?, ?, ?, x'') RETURNING id""",
                message.to(), notBefore, quoting, cause, held);
        seal(id, message);
    }

    private void seal(long id, Message message) {
        String context = context(id, message.to());
        sql.update("UPDATE outbox SET message = ? WHERE id = ?",
                encryptor.seal(json.write(message, context), context), id);
    }

    /** Held messages are queued again, so they come after whatever the recipient is being answered now. */
    @Override
    public void release(PersonId recipient, Instant now) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(now, "now");
        List<Held> held = sql.list("SELECT id, message, quoting_person_id, cause_person_id FROM outbox"
                        + " WHERE person_id = ? AND quiet_hold = 1 AND not_before > ? ORDER BY id",
                row -> {
                    long id = row.getLong("id");
                    String context = context(id, recipient);
                    return new Held(id, json.read(encryptor.open(row.getBytes("message"), context), Message.class, context),
                            Sql.optionalPerson(row, "quoting_person_id"), Sql.optionalPerson(row, "cause_person_id"));
                }, recipient, now);
        for (Held h : held) {
            sql.update("DELETE FROM outbox WHERE id = ?", h.id());
            insert(h.message(), now, h.quoting(), h.cause(), false);
        }
    }

    private record Held(long id, Message message, Optional<PersonId> quoting, Optional<PersonId> cause) {
    }

    @Override
    public void replace(long entryId, Message message) {
        Objects.requireNonNull(message, "message");
        seal(entryId, message);
    }

    @Override
    public List<OutboxEntry> due(Platform platform, Instant now, int limit) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(now, "now");
        return sql.list("""
                        SELECT o.id, o.person_id, o.not_before, o.attempts, o.message, o.cause_person_id, o.first_failed_at,
                               p.platform, p.profile
                        FROM outbox o JOIN person p ON p.id = o.person_id
                        WHERE p.platform = ? AND o.not_before <= ?
                        ORDER BY o.id LIMIT ?""",
                this::entry, platform, now, limit);
    }

    @Override
    public void delivered(long entryId) {
        sql.update("DELETE FROM outbox WHERE id = ?", entryId);
    }

    @Override
    public void retryLater(long entryId, Instant failedAt, Instant retryAt) {
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(retryAt, "retryAt");
        sql.update("""
                        UPDATE outbox SET not_before = ?, attempts = attempts + 1, quiet_hold = 0,
                                          first_failed_at = COALESCE(first_failed_at, ?)
                        WHERE id = ?""", retryAt, failedAt, entryId);
    }

    @Override
    public void deleteForPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        sql.update("DELETE FROM outbox WHERE person_id = ?", person);
    }

    @Override
    public int eraseQueuedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return sql.update("DELETE FROM outbox WHERE coalesce(first_failed_at, not_before) < ?", cutoff);
    }

    private OutboxEntry entry(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        String context = context(id, new PersonId(row.getLong("person_id")));
        Message message = json.read(encryptor.open(row.getBytes("message"), context), Message.class, context);
        PlatformUser recipient = PersonProfile.open(row.getLong("person_id"), row.getBytes("profile"), encryptor, json)
                .user(Platform.valueOf(row.getString("platform")));
        return new OutboxEntry(id, recipient, message, Sql.instant(row, "not_before"), row.getInt("attempts"),
                Sql.optionalPerson(row, "cause_person_id"), Sql.optionalInstant(row, "first_failed_at"));
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String context(long entryId, PersonId recipient) {
        return "outbox.message " + entryId + " to " + recipient;
    }
}
