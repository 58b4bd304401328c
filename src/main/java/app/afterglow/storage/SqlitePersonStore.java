package app.afterglow.storage;

import app.afterglow.core.model.Focus;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.model.QuietHours;
import app.afterglow.core.store.PersonStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * People, in table {@code person}. Display names and platform ids are kept in the clear: they are
 * what lookups and addressing need. Updates of a person who does not exist fail with
 * {@link IllegalArgumentException}; erasing one who does not exist does nothing.
 */
final class SqlitePersonStore implements PersonStore {
    private static final Logger log = LoggerFactory.getLogger(SqlitePersonStore.class);
    private static final String COLUMNS =
            "id, platform, platform_user_id, display_name, bot, zone, quiet_start, quiet_end, focus_checkin_id, focus_step";

    private final Database database;
    private final Sql sql;

    SqlitePersonStore(Database database, Sql sql) {
        this.database = Objects.requireNonNull(database, "database");
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    @Override
    public Person findOrCreate(PlatformUser user, ZoneId defaultZone, Optional<QuietHours> defaultQuiet, Instant now) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(defaultQuiet, "defaultQuiet");
        Objects.requireNonNull(now, "now");
        Optional<Person> existing = find(user);
        if (existing.isPresent()) {
            Person person = existing.get();
            if (person.user().equals(user)) {
                return person;
            }
            sql.update("UPDATE person SET display_name = ?, bot = ? WHERE id = ?",
                    user.displayName(), user.bot(), person.id());
            return new Person(person.id(), user, person.zone(), person.quietHours(), person.focus());
        }
        long id = sql.insert("""
                        INSERT INTO person (platform, platform_user_id, display_name, bot, zone,
                                            quiet_start, quiet_end, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                user.platform(), user.id(), user.displayName(), user.bot(), defaultZone.getId(),
                defaultQuiet.map(q -> q.start().toSecondOfDay()), defaultQuiet.map(q -> q.end().toSecondOfDay()),
                now);
        log.info("New person#{} on {}", id, user.platform());
        return new Person(new PersonId(id), user, defaultZone, defaultQuiet, Optional.empty());
    }

    @Override
    public Optional<Person> find(PersonId id) {
        Objects.requireNonNull(id, "id");
        return sql.one("SELECT " + COLUMNS + " FROM person WHERE id = ?", SqlitePersonStore::person, id);
    }

    @Override
    public Optional<Person> find(PlatformUser user) {
        Objects.requireNonNull(user, "user");
        return sql.one("SELECT " + COLUMNS + " FROM person WHERE platform = ? AND platform_user_id = ?",
                SqlitePersonStore::person, user.platform(), user.id());
    }

    @Override
    public void updateSettings(PersonId id, ZoneId zone, Optional<QuietHours> quietHours) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(quietHours, "quietHours");
        requireOne(sql.update("UPDATE person SET zone = ?, quiet_start = ?, quiet_end = ? WHERE id = ?",
                zone.getId(), quietHours.map(q -> q.start().toSecondOfDay()),
                quietHours.map(q -> q.end().toSecondOfDay()), id), id);
    }

    @Override
    public void setFocus(PersonId id, Optional<Focus> focus) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(focus, "focus");
        requireOne(sql.update("UPDATE person SET focus_checkin_id = ?, focus_step = ? WHERE id = ?",
                focus.map(Focus::checkinId), focus.map(Focus::step), id), id);
    }

    /**
     * Erases the check-ins that only the person is in, the person's participations, jobs, queued
     * messages and row, then the partnerships whose both sides are gone. Only the person's own
     * check-ins are looked at, so erasing costs what they wrote, however many others use the bot. The WAL is
     * checkpointed once the transaction commits, so no old page survives in it; secure_delete
     * zeroes the freed space in the database file.
     */
    @Override
    public void delete(PersonId id) {
        Objects.requireNonNull(id, "id");
        sql.update("""
                DELETE FROM checkin
                WHERE id IN (SELECT checkin_id FROM participation WHERE person_id = ?)
                  AND NOT EXISTS (SELECT 1 FROM participation p WHERE p.checkin_id = checkin.id AND p.person_id <> ?)""",
                id, id);
        sql.update("DELETE FROM participation WHERE person_id = ?", id);
        sql.update("DELETE FROM job WHERE person_id = ?", id);
        sql.update("DELETE FROM outbox WHERE person_id = ? OR quoting_person_id = ?", id, id);
        int people = sql.update("DELETE FROM person WHERE id = ?", id);
        sql.update("DELETE FROM partnership WHERE inviter_id IS NULL AND invitee_id IS NULL");
        database.checkpointAfterCommit();
        if (people == 1) {
            log.info("Erased {}", id);
        } else {
            log.info("Nothing to erase for {}", id);
        }
    }

    private static void requireOne(int changed, PersonId id) {
        if (changed != 1) {
            throw new IllegalArgumentException("no " + id);
        }
    }

    private static Person person(ResultSet row) throws SQLException {
        PlatformUser user = new PlatformUser(Platform.valueOf(row.getString("platform")),
                row.getString("platform_user_id"), row.getString("display_name"), row.getInt("bot") != 0);
        Optional<Long> start = Sql.optionalLong(row, "quiet_start");
        Optional<Long> end = Sql.optionalLong(row, "quiet_end");
        Optional<QuietHours> quiet = start.isPresent() && end.isPresent()
                ? Optional.of(new QuietHours(LocalTime.ofSecondOfDay(start.get()), LocalTime.ofSecondOfDay(end.get())))
                : Optional.empty();
        Optional<Long> focusCheckin = Sql.optionalLong(row, "focus_checkin_id");
        Optional<Long> focusStep = Sql.optionalLong(row, "focus_step");
        // A focus kept before steps were recorded names no step: treated as lost, so nothing typed is guessed.
        Optional<Focus> focus = focusCheckin.isPresent() && focusStep.isPresent()
                ? Optional.of(new Focus(focusCheckin.get(), focusStep.get().intValue())) : Optional.empty();
        return new Person(new PersonId(row.getLong("id")), user, ZoneId.of(row.getString("zone")), quiet, focus);
    }
}
