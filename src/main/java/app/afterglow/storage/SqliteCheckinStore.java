package app.afterglow.storage;

import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.CheckinStatus;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.questions.QuestionSet;
import app.afterglow.core.store.CheckinStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Check-ins in table {@code checkin}, with the question set as plain JSON (it is the bot's text),
 * and participations in table {@code participation}, whose progress (answers and share choices)
 * is sealed, bound to its check-in and person. When a check-in was made, its deadline and when each
 * participant submitted are sealed the same way, and no time is in clear: retention finds old
 * check-ins through their ids ({@link IdOrder}). Updating a check-in or participation that does not
 * exist fails with {@link IllegalArgumentException}.
 *
 * <p>Each participation also carries its check-in's status while that is OPEN or SAVED (migration
 * 13), written wherever the status is, so that what is still going for a person is read through a
 * small index rather than picked out of everything they ever took part in.
 *
 * <p>A check-in names the snapshot of the question set it was started with, kept once for all
 * the check-ins started with the same set (migration 16). A check-in is read several times per
 * answer, so the last {@link #PARSED_SETS} sets read are kept parsed (a set never changes), until
 * a transaction is rolled back: the set it wrote, and its id, may be undone. Thread-safe.
 */
final class SqliteCheckinStore implements CheckinStore {
    static final int PARSED_SETS = 32;
    /**
     * How many people's progress is kept opened ({@link OpenedValues}): every answer reads the
     * check-in's participations and writes the answerer's, and opening them took about 8% of the
     * Discord bot's samples in a profiled load. A thousand is every open check-in of a busy server.
     */
    static final int OPENED_PROGRESS = 1024;
    private static final String CHECKIN_COLUMNS =
            "c.id, c.partnership_id, c.session_id, c.question_set_id, c.status, c.created, c.expires";
    private static final String PARTICIPATION_COLUMNS = "checkin_id, person_id, progress, submitted, reminded";
    /** Through the partial index on {@code participation.current}: only the rows of that status are read. */
    private static final String CURRENT_FOR_PERSON = "SELECT " + CHECKIN_COLUMNS + " FROM participation p"
            + " JOIN checkin c ON c.id = p.checkin_id WHERE p.person_id = ? AND p.current = ?"
            + " ORDER BY p.checkin_id DESC";

    private final Database database;
    private final Sql sql;
    private final Json json;
    private final Encryptor encryptor;
    private final SealedTimes times;
    private final Map<Long, QuestionSet> parsedSets = new RecentlyUsed<>(PARSED_SETS);
    /**
     * The kept snapshot's id of each question set check-ins were started with lately: the set as
     * JSON (kilobytes) and the look-up by it were made for every check-in started. Guarded by
     * parsedSets, and emptied with it, as an id kept in a transaction that was undone is gone.
     */
    private final Map<QuestionSet, Long> keptSetIds = new RecentlyUsed<>(PARSED_SETS);
    /** {@link Sql#undone} when {@link #parsedSets} and {@link #keptSetIds} were last emptied. Guarded by parsedSets. */
    private long parsedAfterUndone;
    private final OpenedValues<Seat, Progress> progresses;

    /** Names a participation row, whose progress is sealed bound to it. */
    record Seat(long checkinId, long personId) {
    }

    SqliteCheckinStore(Database database, Sql sql, Json json, Encryptor encryptor, SealedTimes times,
                       OpenedValues<Seat, Progress> progresses) {
        this.database = Objects.requireNonNull(database, "database");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.json = Objects.requireNonNull(json, "json");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
        this.times = Objects.requireNonNull(times, "times");
        this.progresses = Objects.requireNonNull(progresses, "progresses");
    }

    /** @throws IllegalArgumentException if {@code participants} is empty or names someone twice */
    @Override
    public Checkin create(Optional<Long> partnershipId, Optional<Long> sessionId, QuestionSet questions,
                          List<PersonId> participants, Instant now, Instant expiresAt) {
        Objects.requireNonNull(partnershipId, "partnershipId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(questions, "questions");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (participants.isEmpty() || new HashSet<>(participants).size() != participants.size()) {
            throw new IllegalArgumentException("a check-in needs one or more distinct participants");
        }
        // The id is part of what the seals are bound to, so the row is made first and sealed after.
        long id = sql.insert("""
                        INSERT INTO checkin (partnership_id, session_id, question_set_id, status, created, expires)
                        VALUES (?, ?, ?, ?, x'', x'') RETURNING id""",
                partnershipId, sessionId, questionSetId(questions), CheckinStatus.OPEN);
        sql.update("UPDATE checkin SET created = ?, expires = ? WHERE id = ?", times.seal(now, createdContext(id)),
                times.seal(expiresAt, expiresContext(id)), id);
        for (int position = 0; position < participants.size(); position++) {
            PersonId person = participants.get(position);
            sql.update("""
                            INSERT INTO participation
                                (checkin_id, person_id, position_in_checkin, progress, reminded, current)
                            VALUES (?, ?, ?, ?, 0, ?)""",
                    id, person, position, seal(id, person, Progress.start()), current(CheckinStatus.OPEN));
        }
        return new Checkin(id, partnershipId, sessionId, questions, CheckinStatus.OPEN, Sql.stored(now),
                Sql.stored(expiresAt));
    }

    @Override
    public Optional<Checkin> find(long id) {
        return sql.one("SELECT " + CHECKIN_COLUMNS + " FROM checkin c WHERE c.id = ?", this::checkin, id);
    }

    /** The status is written out, not bound: SQLite uses a partial index only where it sees the index's condition. */
    @Override
    public List<Checkin> openForPartnership(long partnershipId) {
        return sql.list("SELECT " + CHECKIN_COLUMNS + " FROM checkin c WHERE c.partnership_id = ? AND c.status = 'OPEN'"
                + " ORDER BY c.id DESC", this::checkin, partnershipId);
    }

    /** Ordered by the participation's side of the join, which SQLite reads newest first from its index. */
    @Override
    public List<Checkin> forPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        return sql.list("SELECT " + CHECKIN_COLUMNS + " FROM checkin c"
                + " JOIN participation p ON p.checkin_id = c.id WHERE p.person_id = ?"
                + " ORDER BY p.checkin_id DESC", this::checkin, person);
    }

    /** Ordered by the participation's side of the join, which SQLite reads newest first from its index. */
    @Override
    public List<Checkin> forPerson(PersonId person, int limit) {
        Objects.requireNonNull(person, "person");
        return sql.list("SELECT " + CHECKIN_COLUMNS + " FROM checkin c"
                + " JOIN participation p ON p.checkin_id = c.id WHERE p.person_id = ?"
                + " ORDER BY p.checkin_id DESC LIMIT ?", this::checkin, person, limit);
    }

    @Override
    public List<Checkin> openForPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        return sql.list(CURRENT_FOR_PERSON, this::checkin, person, CheckinStatus.OPEN);
    }

    @Override
    public Optional<Checkin> lastSavedForPerson(PersonId person) {
        Objects.requireNonNull(person, "person");
        return sql.one(CURRENT_FOR_PERSON + " LIMIT 1", this::checkin, person, CheckinStatus.SAVED);
    }

    @Override
    public void updateStatus(long id, CheckinStatus status) {
        Objects.requireNonNull(status, "status");
        if (sql.update("UPDATE checkin SET status = ? WHERE id = ?", status, id) != 1) {
            throw new IllegalArgumentException("no check-in " + id);
        }
        sql.update("UPDATE participation SET current = ? WHERE checkin_id = ?", current(status), id);
    }

    /** What {@code participation.current} holds for a check-in of this status: see migration 13. */
    private static Optional<CheckinStatus> current(CheckinStatus status) {
        return Optional.of(status).filter(s -> s == CheckinStatus.OPEN || s == CheckinStatus.SAVED);
    }

    @Override
    public Optional<Participation> participation(long checkinId, PersonId person) {
        Objects.requireNonNull(person, "person");
        return sql.one("SELECT " + PARTICIPATION_COLUMNS + " FROM participation WHERE checkin_id = ? AND person_id = ?",
                this::participation, checkinId, person);
    }

    @Override
    public List<Participation> participations(long checkinId) {
        return sql.list("SELECT " + PARTICIPATION_COLUMNS + " FROM participation WHERE checkin_id = ?"
                + " ORDER BY position_in_checkin", this::participation, checkinId);
    }

    @Override
    public List<PersonId> participants(long checkinId) {
        return sql.list("SELECT person_id FROM participation WHERE checkin_id = ? ORDER BY position_in_checkin",
                row -> new PersonId(row.getLong(1)), checkinId);
    }

    @Override
    public void save(Participation participation) {
        Objects.requireNonNull(participation, "participation");
        long checkinId = participation.checkinId();
        PersonId person = participation.person();
        int changed = sql.update("""
                        UPDATE participation SET progress = ?, submitted = ?, reminded = ?
                        WHERE checkin_id = ? AND person_id = ?""",
                seal(checkinId, person, participation.progress()),
                times.seal(participation.submittedAt(), submittedContext(checkinId, person)),
                participation.reminded(), checkinId, person);
        if (changed != 1) {
            throw new IllegalArgumentException("no participation of " + person + " in check-in " + checkinId);
        }
    }

    /**
     * A deadline comes after its check-in was made, so every check-in to erase is among those made
     * before the cutoff: the newest of those is found through the ids, and the closed ones up to it
     * are opened and erased if their deadline passed before the cutoff. What stays behind (open,
     * or closing just after the cutoff) is little, and looked at again on the next tick.
     * Participations and jobs go by their foreign keys' cascade. The WAL is checkpointed once the
     * transaction commits, so no old page survives in it; secure_delete zeroes the freed space.
     */
    @Override
    public int eraseClosedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        long newest = IdOrder.lastBefore(sql, "SELECT coalesce(max(id), 0) FROM checkin",
                "SELECT id, created FROM checkin WHERE id >= ? ORDER BY id LIMIT 1",
                IdOrder.stamped(times, SqliteCheckinStore::createdContext), cutoff);
        // A person's last saved form (their preferences as they stand) is left out in the query, so
        // the forms kept tick after tick are never opened nor looked at one by one.
        List<Long> old = IdOrder.before(sql.list("""
                        SELECT c.id, c.expires FROM checkin c WHERE c.id <= ? AND c.status <> ? AND NOT EXISTS (
                            SELECT 1 FROM participation p WHERE p.checkin_id = c.id AND p.current = ? AND NOT EXISTS (
                                SELECT 1 FROM participation q WHERE q.person_id = p.person_id AND q.current = ?
                                AND q.checkin_id > p.checkin_id))""",
                IdOrder.stamped(times, SqliteCheckinStore::expiresContext), newest, CheckinStatus.OPEN,
                CheckinStatus.SAVED, CheckinStatus.SAVED), cutoff);
        for (long id : old) {
            sql.update("DELETE FROM checkin WHERE id = ?", id);
        }
        if (!old.isEmpty()) {
            Set<Long> erased = new HashSet<>(old);
            progresses.forgetIf(seat -> erased.contains(seat.checkinId()));
            database.checkpointAfterCommit();
        }
        return old.size();
    }

    private byte[] seal(long checkinId, PersonId person, Progress progress) {
        String context = context(checkinId, person);
        byte[] sealed = encryptor.seal(json.write(progress, context), context);
        progresses.keep(new Seat(checkinId, person.value()), sealed, progress);
        return sealed;
    }

    private Checkin checkin(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        return new Checkin(id, Sql.optionalLong(row, "partnership_id"), Sql.optionalLong(row, "session_id"),
                questionSet(row.getLong("question_set_id"), id),
                CheckinStatus.valueOf(row.getString("status")), times.open(row.getBytes("created"), createdContext(id)),
                times.open(row.getBytes("expires"), expiresContext(id)));
    }

    /** The id of the kept snapshot of {@code questions}, kept now if it is the first check-in with it. */
    private long questionSetId(QuestionSet questions) {
        synchronized (parsedSets) {
            forgetUndone();
            Long known = keptSetIds.get(questions);
            if (known != null) {
                return known;
            }
            String text = json.writeText(questions, "question set");
            long id = sql.one("SELECT id FROM question_set WHERE json = ?", row -> row.getLong(1), text)
                    .orElseGet(() -> sql.insert("INSERT INTO question_set (json) VALUES (?) RETURNING id", text));
            keptSetIds.put(questions, id);
            return id;
        }
    }

    /** Empties the caches of question sets if a transaction was undone since: what it kept is gone. Holds parsedSets. */
    private void forgetUndone() {
        long undone = sql.undone();
        if (undone != parsedAfterUndone) {
            parsedSets.clear();
            keptSetIds.clear();
            parsedAfterUndone = undone;
        }
    }

    private QuestionSet questionSet(long setId, long checkinId) {
        synchronized (parsedSets) {
            forgetUndone();
            QuestionSet parsed = parsedSets.get(setId);
            if (parsed == null) {
                String text = sql.one("SELECT json FROM question_set WHERE id = ?", row -> row.getString(1), setId)
                        .orElseThrow(() -> new StorageException("The question set of check-in " + checkinId + " is missing"));
                parsed = json.readText(text, QuestionSet.class, "the question set of check-in " + checkinId);
                parsedSets.put(setId, parsed);
            }
            return parsed;
        }
    }

    private Participation participation(ResultSet row) throws SQLException {
        long checkinId = row.getLong("checkin_id");
        PersonId person = new PersonId(row.getLong("person_id"));
        String context = context(checkinId, person);
        Progress progress = progresses.open(new Seat(checkinId, person.value()), row.getBytes("progress"),
                sealed -> json.read(encryptor.open(sealed, context), Progress.class, context));
        return new Participation(checkinId, person, progress,
                times.openOptional(row.getBytes("submitted"), submittedContext(checkinId, person)),
                row.getInt("reminded") != 0);
    }

    /** Names the sealed value and binds it to its row; ids only. */
    static String context(long checkinId, PersonId person) {
        return "participation.progress of " + person + " in check-in " + checkinId;
    }

    static String submittedContext(long checkinId, PersonId person) {
        return "participation.submitted of " + person + " in check-in " + checkinId;
    }

    static String createdContext(long checkinId) {
        return "checkin.created of check-in " + checkinId;
    }

    static String expiresContext(long checkinId) {
        return "checkin.expires of check-in " + checkinId;
    }
}
