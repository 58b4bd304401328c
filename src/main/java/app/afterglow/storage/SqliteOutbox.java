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
 * When an entry is due and when its delivery first failed are sealed too (a message is queued the
 * moment a session starts or ends); in clear there are only two {@link TimeBucket}s: of when it is
 * due, by which the due ones are found, and of its age (when it first failed, or else when it was
 * first due), by which retention finds the old ones. Entries are due in the order they were added. Marking an entry that is already gone (its
 * recipient erased their data meanwhile) does nothing.
 */
final class SqliteOutbox implements Outbox {
    private final Sql sql;
    private final Json json;
    private final Encryptor encryptor;
    private final SealedTimes times;
    private final TimeBucket buckets;

    SqliteOutbox(Sql sql, Json json, Encryptor encryptor, SealedTimes times, TimeBucket buckets) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.json = Objects.requireNonNull(json, "json");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
        this.times = Objects.requireNonNull(times, "times");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
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
        // The id is part of what the seals are bound to, so the row is made first and sealed after.
        long bucket = buckets.of(notBefore);
        long id = sql.insert("""
                        INSERT INTO outbox (person_id, due, due_bucket, age_bucket, quoting_person_id, cause_person_id,
                                            quiet_hold, message)
                        VALUES (?, x'', ?, ?, ?, ?, ?, x'') RETURNING id""",
                message.to(), bucket, bucket, quoting, cause, held);
        sql.update("UPDATE outbox SET due = ? WHERE id = ?", times.seal(notBefore, dueContext(id)), id);
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
        List<Held> held = sql.list("SELECT id, due, message, quoting_person_id, cause_person_id FROM outbox"
                        + " WHERE person_id = ? AND quiet_hold = 1 ORDER BY id",
                row -> {
                    long id = row.getLong("id");
                    String context = context(id, recipient);
                    return new Held(id, times.open(row.getBytes("due"), dueContext(id)),
                            json.read(encryptor.open(row.getBytes("message"), context), Message.class, context),
                            Sql.optionalPerson(row, "quoting_person_id"), Sql.optionalPerson(row, "cause_person_id"));
                }, recipient);
        for (Held h : held.stream().filter(h -> h.until().isAfter(now)).toList()) {
            sql.update("DELETE FROM outbox WHERE id = ?", h.id());
            insert(h.message(), now, h.quoting(), h.cause(), false);
        }
    }

    private record Held(long id, Instant until, Message message, Optional<PersonId> quoting, Optional<PersonId> cause) {
    }

    @Override
    public void replace(long entryId, Message message) {
        Objects.requireNonNull(message, "message");
        seal(entryId, message);
    }

    /**
     * Every entry due by now has a bucket at most {@link TimeBucket#LEAD} ahead of now: those are
     * read, their due times opened, and only the entries whose time has come are opened further.
     */
    @Override
    public List<OutboxEntry> due(Platform platform, Instant now, int limit) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(now, "now");
        return sql.list("""
                                SELECT o.id, o.person_id, o.due, o.attempts, o.message, o.cause_person_id, o.first_failed,
                                       p.platform, p.profile
                                FROM outbox o JOIN person p ON p.id = o.person_id
                                WHERE p.platform = ? AND o.due_bucket <= ?
                                ORDER BY o.id""",
                        this::candidate, platform, TimeBucket.horizon(now)).stream()
                .filter(candidate -> !candidate.due().isAfter(now))
                .limit(limit)
                .map(this::entry)
                .toList();
    }

    /** A row read as it is, its due time alone opened. */
    private record Candidate(long id, PersonId to, Instant due, int attempts, byte[] message,
                             Optional<PersonId> cause, byte[] firstFailed, Platform platform, byte[] profile) {
    }

    @Override
    public void delivered(long entryId) {
        sql.update("DELETE FROM outbox WHERE id = ?", entryId);
    }

    @Override
    public void retryLater(long entryId, Instant failedAt, Instant retryAt) {
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(retryAt, "retryAt");
        // The age goes over to the first failure, once; later retries move only the due time.
        sql.update("""
                        UPDATE outbox SET due = ?, due_bucket = ?, attempts = attempts + 1, quiet_hold = 0,
                                          age_bucket = CASE WHEN first_failed IS NULL THEN ? ELSE age_bucket END,
                                          first_failed = coalesce(first_failed, ?)
                        WHERE id = ?""", times.seal(retryAt, dueContext(entryId)), buckets.of(retryAt),
                buckets.of(failedAt), times.seal(failedAt, firstFailedContext(entryId)), entryId);
    }

    @Override
    public void deleteForPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        sql.update("DELETE FROM outbox WHERE person_id = ?", person);
    }

    /**
     * A bucket is never before the time it stands for, so every entry erased is older than the
     * cutoff; one that is may wait up to {@link TimeBucket#LEAD} longer.
     */
    @Override
    public int eraseQueuedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return sql.update("DELETE FROM outbox WHERE age_bucket < ?", cutoff);
    }

    private Candidate candidate(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        return new Candidate(id, new PersonId(row.getLong("person_id")), times.open(row.getBytes("due"), dueContext(id)),
                row.getInt("attempts"), row.getBytes("message"), Sql.optionalPerson(row, "cause_person_id"),
                row.getBytes("first_failed"), Platform.valueOf(row.getString("platform")), row.getBytes("profile"));
    }

    private OutboxEntry entry(Candidate row) {
        String context = context(row.id(), row.to());
        Message message = json.read(encryptor.open(row.message(), context), Message.class, context);
        PlatformUser recipient = PersonProfile.open(row.to().value(), row.profile(), encryptor, json).user(row.platform());
        return new OutboxEntry(row.id(), recipient, message, row.due(), row.attempts(), row.cause(),
                times.openOptional(row.firstFailed(), firstFailedContext(row.id())));
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String context(long entryId, PersonId recipient) {
        return "outbox.message " + entryId + " to " + recipient;
    }

    static String dueContext(long entryId) {
        return "outbox.due of entry " + entryId;
    }

    static String firstFailedContext(long entryId) {
        return "outbox.first_failed of entry " + entryId;
    }
}
