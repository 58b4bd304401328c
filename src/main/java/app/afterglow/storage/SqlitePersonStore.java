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
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * People, in table {@code person}: their platform in clear, everything else that names or places
 * them sealed in {@code profile} ({@link PersonProfile}), bound to their id, and found by
 * {@code lookup}, the keyed {@link BlindIndex} of platform and platform id. When a person was
 * first seen is not kept: it would be a time in clear, and nothing needs it. Updates of a person
 * who does not exist fail with {@link IllegalArgumentException}; erasing one who does not exist
 * does nothing.
 */
final class SqlitePersonStore implements PersonStore {
    private static final Logger log = LoggerFactory.getLogger(SqlitePersonStore.class);
    private static final String COLUMNS = "id, platform, profile, focus_checkin_id, focus_step";

    private final Database database;
    private final Sql sql;
    private final Encryptor encryptor;
    private final BlindIndex index;
    private final KeptOpen opened;

    SqlitePersonStore(Database database, Sql sql, Encryptor encryptor, BlindIndex index, KeptOpen opened) {
        this.database = Objects.requireNonNull(database, "database");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
        this.index = Objects.requireNonNull(index, "index");
        this.opened = Objects.requireNonNull(opened, "opened");
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
            Person refreshed = new Person(person.id(), user, person.zone(), person.quietHours(), person.focus());
            writeProfile(refreshed);
            return refreshed;
        }
        // The id is part of what the seal is bound to, so the row is made first and sealed after.
        long id = sql.insert("INSERT INTO person (platform, lookup, profile) VALUES (?, ?, x'') RETURNING id",
                user.platform(), index.of(user.platform(), user.id()));
        Person created = new Person(new PersonId(id), user, defaultZone, defaultQuiet, Optional.empty());
        writeProfile(created);
        log.info("New person#{} on {}", id, user.platform());
        return created;
    }

    @Override
    public Optional<Person> find(PersonId id) {
        Objects.requireNonNull(id, "id");
        return sql.one("SELECT " + COLUMNS + " FROM person WHERE id = ?", this::person, id);
    }

    @Override
    public Optional<Person> find(PlatformUser user) {
        Objects.requireNonNull(user, "user");
        return sql.one("SELECT " + COLUMNS + " FROM person WHERE lookup = ?", this::person,
                index.of(user.platform(), user.id()));
    }

    @Override
    public void updateSettings(PersonId id, ZoneId zone, Optional<QuietHours> quietHours) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(quietHours, "quietHours");
        Person person = find(id).orElseThrow(() -> new IllegalArgumentException("no " + id));
        writeProfile(new Person(id, person.user(), zone, quietHours, person.focus()));
    }

    @Override
    public void setFocus(PersonId id, Optional<Focus> focus) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(focus, "focus");
        requireOne(sql.update("UPDATE person SET focus_checkin_id = ?, focus_step = ? WHERE id = ?",
                focus.map(Focus::checkinId), focus.map(Focus::step), id), id);
    }

    private void writeProfile(Person person) {
        byte[] sealed = PersonProfile.of(person.user(), person.zone(), person.quietHours())
                .seal(person.id().value(), encryptor);
        requireOne(sql.update("UPDATE person SET profile = ? WHERE id = ?", sealed, person.id()), person.id());
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
        opened.forget(id);
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

    private Person person(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        PersonProfile profile = opened.profiles.open(id, row.getBytes("profile"));
        Optional<Long> focusCheckin = Sql.optionalLong(row, "focus_checkin_id");
        Optional<Long> focusStep = Sql.optionalLong(row, "focus_step");
        // A focus kept before steps were recorded names no step: treated as lost, so nothing typed is guessed.
        Optional<Focus> focus = focusCheckin.isPresent() && focusStep.isPresent()
                ? Optional.of(new Focus(focusCheckin.get(), focusStep.get().intValue())) : Optional.empty();
        return new Person(new PersonId(id), profile.user(Platform.valueOf(row.getString("platform"))),
                profile.zoneId(), profile.quietHours(), focus);
    }
}
