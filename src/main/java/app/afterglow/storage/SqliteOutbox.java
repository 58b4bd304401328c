package app.afterglow.storage;

import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.store.Outbox;
import app.afterglow.core.store.OutboxEntry;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Queued messages, in table {@code outbox}, each sealed and bound to its entry id and recipient.
 * When an entry is due and when its delivery first failed are sealed too (a message is queued the
 * moment a session starts or ends), and nothing about them is in clear: the due and the old
 * entries are found among those times kept in memory ({@link OpenedTimes}), opened once per write.
 * Entries are due in the order they were added. Marking an entry that is already gone (its
 * recipient erased their data meanwhile) does nothing.
 */
final class SqliteOutbox implements Outbox {
    /** See {@link #addedSinceCatchUp}. */
    private static final int CATCH_UP_EVERY = 500;

    private final Sql sql;
    private final Json json;
    private final Encryptor encryptor;
    private final SealedTimes times;
    /** Per platform, as the due entries are looked for one platform at a time. */
    private final Map<Platform, OpenedTimes> opened = new EnumMap<>(Platform.class);
    private final SecureRandom random;
    private final OpenedProfiles profiles;
    private final OpenedValues<Long, Message> messages;
    private final ChangeNotes changes;
    /**
     * Entries added since the kept times last caught up. A tick that queues a reminder for every
     * open check-in queues them with no delivery between, and the delivery after it opened every
     * one in one go, holding the database (0.7 s for 100,000 reminders); catching up every
     * {@link #CATCH_UP_EVERY} additions spreads that over the tick, a few milliseconds at a time.
     * Counted in memory only: after a rollback it may run a little early or late, which is harmless.
     */
    private int addedSinceCatchUp;

    /**
     * How many queued messages are kept opened ({@link OpenedValues}): a message is read back to
     * be delivered moments after it was queued, and opening it took about 6% of the Discord bot's
     * samples in a profiled load. A delivered one is forgotten at once.
     */
    static final int OPENED_MESSAGES = 256;

    SqliteOutbox(Sql sql, Json json, Encryptor encryptor, SealedTimes times, SecureRandom random, OpenedProfiles profiles,
                 OpenedValues<Long, Message> messages) {
        this.sql = Objects.requireNonNull(sql, "sql");
        this.json = Objects.requireNonNull(json, "json");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
        this.times = Objects.requireNonNull(times, "times");
        this.random = Objects.requireNonNull(random, "random");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.changes = new ChangeNotes(sql, "DELETE FROM outbox_change",
                () -> opened.values().forEach(OpenedTimes::forgetTouched));
        for (Platform platform : Platform.values()) {
            opened.put(platform, new OpenedTimes());
        }
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
        long id = sql.insert("""
                        INSERT INTO outbox (person_id, due, quoting_person_id, cause_person_id, quiet_hold, message)
                        VALUES (?, x'', ?, ?, ?, x'') RETURNING id""",
                message.to(), quoting, cause, held);
        long tag = random.nextLong();
        sql.update("UPDATE outbox SET due = ?, due_tag = ? WHERE id = ?", times.seal(notBefore, dueContext(id)), tag, id);
        seal(id, message);
        if (++addedSinceCatchUp >= CATCH_UP_EVERY) {
            catchUp();
        }
    }

    private void seal(long id, Message message) {
        String context = context(id, message.to());
        byte[] sealed = encryptor.seal(json.write(message, context), context);
        messages.keep(id, sealed, message);
        sql.update("UPDATE outbox SET message = ? WHERE id = ?", sealed, id);
    }

    private Message open(long id, PersonId to, byte[] sealed) {
        String context = context(id, to);
        return messages.open(id, sealed, bytes -> json.read(encryptor.open(bytes, context), Message.class, context));
    }

    /** Held messages are queued again, so they come after whatever the recipient is being answered now. */
    @Override
    public boolean release(PersonId recipient, Instant now) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(now, "now");
        List<Held> held = sql.list("SELECT id, due, message, quoting_person_id, cause_person_id FROM outbox"
                        + " WHERE person_id = ? AND quiet_hold = 1 ORDER BY id",
                row -> {
                    long id = row.getLong("id");
                    return new Held(id, times.open(row.getBytes("due"), dueContext(id)),
                            open(id, recipient, row.getBytes("message")),
                            Sql.optionalPerson(row, "quoting_person_id"), Sql.optionalPerson(row, "cause_person_id"));
                }, recipient);
        // One whose quiet hours are over is due already, where it is: only the later ones move.
        for (Held h : held.stream().filter(h -> h.until().isAfter(now)).toList()) {
            sql.update("DELETE FROM outbox WHERE id = ?", h.id());
            messages.forget(h.id());
            insert(h.message(), now, h.quoting(), h.cause(), false);
        }
        return !held.isEmpty();
    }

    private record Held(long id, Instant until, Message message, Optional<PersonId> quoting, Optional<PersonId> cause) {
    }

    @Override
    public void replace(long entryId, Message message) {
        Objects.requireNonNull(message, "message");
        seal(entryId, message);
    }

    /**
     * The kept times are brought up to date (see {@link #catchUp}); only the entries whose time
     * has come are read in full, in the order they were added.
     */
    @Override
    public List<OutboxEntry> due(Platform platform, Instant now, int limit) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(now, "now");
        catchUp();
        return Arrays.stream(opened.get(platform).lowestIdsDueBy(now, limit))
                .mapToObj(this::find)
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public Optional<OutboxEntry> find(long entryId) {
        return sql.one("""
                SELECT o.id, o.person_id, o.due, o.attempts, o.message, o.cause_person_id, o.first_failed,
                       p.platform, p.profile
                FROM outbox o JOIN person p ON p.id = o.person_id
                WHERE o.id = ?""", this::entry, entryId);
    }

    /**
     * Opens every queued entry's times, as the first {@link #due} would. Done as the storage opens,
     * so that the first delivery after a start does not hold the database while it opens them:
     * at 77,000 queued messages that took about a second, with everyone's answers waiting.
     */
    void openDueTimes() {
        catchUp();
    }

    /**
     * Opens the times of the entries written since the last call and forgets the entries gone,
     * from the ids noted in {@code outbox_change}; the first time every entry's tag is listed
     * instead, and after a rollback the entries whose kept times changed are read again
     * ({@link ChangeNotes}).
     */
    private void catchUp() {
        addedSinceCatchUp = 0;
        changes.catchUp(this::listAll, this::recheck, () -> sql.list("""
                SELECT c.outbox_id, o.due_tag, o.due, o.first_failed, p.platform
                FROM outbox_change c LEFT JOIN outbox o ON o.id = c.outbox_id LEFT JOIN person p ON p.id = o.person_id""",
                this::keep).size());
    }

    /** Reads again the entries whose kept times changed, after a rollback (see {@link ChangeNotes}). */
    private void recheck() {
        LongHashSet entryIds = new LongHashSet();
        for (OpenedTimes kept : opened.values()) {
            Optional<long[]> touched = kept.touched();
            if (touched.isEmpty()) {
                listAll();
                return;
            }
            entryIds.addAll(touched.get());
        }
        for (var entry : entryIds) {
            if (sql.list("""
                    SELECT o.id, o.due_tag, o.due, o.first_failed, p.platform
                    FROM outbox o JOIN person p ON p.id = o.person_id WHERE o.id = ?""", this::keep, entry.value).isEmpty()) {
                opened.values().forEach(kept -> kept.forget(entry.value));
            }
        }
    }

    /**
     * Keeps the entry's times from its id, tag, sealed times and recipient's platform, or forgets
     * them if the tag is null (gone); gives its id.
     */
    private long keep(ResultSet row) throws SQLException {
        long id = row.getLong(1);
        long tag = row.getLong(2);
        if (row.wasNull()) {
            opened.values().forEach(kept -> kept.forget(id));
        } else {
            Platform platform = Platform.valueOf(row.getString(5));
            OpenedTimes kept = opened.get(platform);
            if (!kept.holds(id, tag)) {
                kept.put(id, tag, times(id, row.getBytes(3), row.getBytes(4)));
            }
            // An id rolled back is given again, maybe to someone on another platform.
            opened.forEach((other, keptThere) -> {
                if (other != platform) {
                    keptThere.forget(id);
                }
            });
        }
        return id;
    }

    /**
     * Every entry listed by its tag, with its recipient's platform: the queue is walked and each
     * entry's person looked up ({@code CROSS JOIN} keeps SQLite to that order), since people far
     * outnumber the messages waiting.
     */
    private void listAll() {
        Map<Platform, LongLongHashMap> tags = new EnumMap<>(Platform.class);
        for (Platform platform : Platform.values()) {
            tags.put(platform, new LongLongHashMap());
        }
        sql.each("SELECT o.id, o.due_tag, p.platform FROM outbox o CROSS JOIN person p ON p.id = o.person_id",
                row -> tags.get(Platform.valueOf(row.getString(3))).put(row.getLong(1), row.getLong(2)));
        tags.forEach((platform, platformTags) -> opened.get(platform).keepExactly(platformTags, this::openTimes,
                (firstId, offer) -> sql.each("SELECT id, due_tag, due, first_failed FROM outbox WHERE id >= ?", row -> {
                    long id = row.getLong(1);
                    byte[] due = row.getBytes(3);
                    byte[] firstFailed = row.getBytes(4);
                    offer.row(id, row.getLong(2), () -> times(id, due, firstFailed));
                }, firstId)));
    }

    private OpenedTimes.Opened openTimes(long entryId) {
        return sql.one("SELECT due, first_failed FROM outbox WHERE id = ?",
                row -> times(entryId, row.getBytes(1), row.getBytes(2)), entryId).orElse(null);
    }

    /** Retention goes by the first failure, or else by when the entry was first due. */
    private OpenedTimes.Opened times(long entryId, byte[] due, byte[] firstFailed) {
        Instant dueAt = times.open(due, dueContext(entryId));
        return new OpenedTimes.Opened(dueAt, times.openOptional(firstFailed, firstFailedContext(entryId)).orElse(dueAt));
    }

    @Override
    public void delivered(long entryId) {
        sql.update("DELETE FROM outbox WHERE id = ?", entryId);
        messages.forget(entryId);
    }

    @Override
    public void retryLater(long entryId, Instant failedAt, Instant retryAt) {
        reschedule(entryId, failedAt, retryAt, 1);
    }

    @Override
    public void postpone(long entryId, Instant failedAt, Instant retryAt) {
        reschedule(entryId, failedAt, retryAt, 0);
    }

    private void reschedule(long entryId, Instant failedAt, Instant retryAt, int attempts) {
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(retryAt, "retryAt");
        long tag = random.nextLong();
        sql.update("""
                        UPDATE outbox SET due = ?, due_tag = ?, attempts = attempts + ?, quiet_hold = 0,
                                          first_failed = coalesce(first_failed, ?)
                        WHERE id = ?""", times.seal(retryAt, dueContext(entryId)), tag, attempts,
                times.seal(failedAt, firstFailedContext(entryId)), entryId);
    }

    @Override
    public void deleteForPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        sql.update("DELETE FROM outbox WHERE person_id = ?", person);
        messages.forgetAll();
    }

    @Override
    public int deleteBetween(PersonId a, PersonId b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        // Each side's words quoted to the other are erased: none may stay opened either.
        messages.forgetAll();
        return sql.update("DELETE FROM outbox WHERE (person_id = ? AND quoting_person_id = ?)"
                + " OR (person_id = ? AND quoting_person_id = ?)", a, b, b, a);
    }

    /** Goes by each entry's opened age: its first failure, or else when it was first due. */
    @Override
    public int eraseQueuedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        catchUp();
        int erased = 0;
        for (OpenedTimes kept : opened.values()) {
            for (long entryId : kept.rowsSinceBefore(cutoff)) {
                erased += sql.update("DELETE FROM outbox WHERE id = ?", entryId);
                messages.forget(entryId);
            }
        }
        return erased;
    }

    private OutboxEntry entry(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        PersonId to = new PersonId(row.getLong("person_id"));
        Message message = open(id, to, row.getBytes("message"));
        PlatformUser recipient = profiles.open(to.value(), row.getBytes("profile"))
                .user(Platform.valueOf(row.getString("platform")));
        return new OutboxEntry(id, recipient, message, times.open(row.getBytes("due"), dueContext(id)),
                row.getInt("attempts"), Sql.optionalPerson(row, "cause_person_id"),
                times.openOptional(row.getBytes("first_failed"), firstFailedContext(id)));
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
