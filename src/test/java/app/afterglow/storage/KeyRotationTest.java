package app.afterglow.storage;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.model.Platform;
import app.afterglow.core.questions.CheckinKind;
import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.filesContain;
import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, key rotation: every sealed value under a new key, resumable, nothing left under the old one. */
class KeyRotationTest {
    private static final String PLANTED = "planted-answer-77c1-harbour";
    private static final String LEGACY_STATE = "a value sealed before padding";

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    /** A sealed value as stored, with the context it was sealed for, and whether it is a time. */
    private record Sealed(String context, byte[] value, boolean time) {
        Sealed(String context, byte[] value) {
            this(context, value, false);
        }

        static Sealed time(String context, byte[] value) {
            return new Sealed(context, value, true);
        }
    }

    @Test
    @DisplayName("GIVEN a database filled through the real flows, with queued messages, adapter state, a seen event "
            + "and a value sealed before padding, and its key in the key file WHEN rotate-key runs THEN the key file "
            + "holds a new key that opens every value, the old key opens none and no longer opens the database, no "
            + "old ciphertext or adapter lookup is left in any file, the adapter state is found under the new key, "
            + "the seen event is forgotten, and the bot reads its history back")
    void rotatesEverythingInTheKeyFile() throws Exception {
        fill(dir);
        DataKey oldKey = new KeyFile(dir).read();
        try (SqliteStorage storage = Fixtures.open(dir)) {
            addLegacyValue(storage, oldKey);
        }
        List<Sealed> before = sealedValues(dir, oldKey);
        assertTrue(before.size() >= 7, "control: answers, messages, state and the key check: " + before.size());
        List<byte[]> adapterLookups = adapterLookups(dir);
        assertEquals(2, adapterLookups.size(), "control: the state and the legacy value");
        Encryptor oldOne = new Encryptor(oldKey, random);
        before.forEach(s -> oldOne.open(s.value(), s.context()));

        KeyRotation.Rotated rotated = KeyRotation.rotate(dir, Optional.empty(), quiet());

        DataKey newKey = new KeyFile(dir).read();
        assertNotEquals(oldKey.toBase64(), newKey.toBase64());
        assertEquals(List.of("0"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM seen_event"));
        assertEquals(Optional.of(dir.resolve(KeyFile.FILE_NAME)), rotated.keyFile());
        assertEquals(Optional.empty(), rotated.newKeyToGive(), "nothing printed when the key is in a file");
        assertFalse(Files.exists(dir.resolve(KeyFile.PENDING_NAME)));
        List<Sealed> after = sealedValues(dir, newKey);
        assertEquals(before.size(), after.size());
        Encryptor newOne = new Encryptor(newKey, random);
        for (Sealed s : after) {
            newOne.open(s.value(), s.context());
            assertThrows(StorageException.class, () -> oldOne.open(s.value(), s.context()), s.context());
            if (s.time()) {
                assertEquals(47, s.value().length, "a time re-sealed as times are sealed: " + s.context());
            } else {
                assertTrue(Encryptor.isPadded(s.value()), "re-sealed padded: " + s.context());
            }
        }
        for (Sealed s : before) {
            assertFalse(filesContain(dir, s.value()), "old ciphertext left in the files: " + s.context());
        }
        for (byte[] lookup : adapterLookups) {
            assertFalse(filesContain(dir, lookup), "an adapter lookup under the old key is left in the files");
        }
        StorageException refused = assertThrows(StorageException.class,
                () -> SqliteStorage.open(dir, Optional.of(oldKey.toBase64())));
        assertTrue(refused.getMessage().contains("does not match"), refused.getMessage());
        try (SqliteStorage storage = Fixtures.open(dir)) {
            assertEquals(Optional.of(LEGACY_STATE), Fixtures.tx(storage,
                    () -> storage.stores().adapterState().get("test", "legacy")));
            assertEquals(Optional.of("adapter value"), Fixtures.tx(storage,
                    () -> storage.stores().adapterState().get("test", "state")));
        }
        try (TestBot bot = new TestBot(dir)) {
            assertTrue(plain(bot.command("alice", "history")).contains(PLANTED));
        }
    }

    @Test
    @DisplayName("GIVEN a key given by AFTERGLOW_DATA_KEY and a rotation stopped after its first batch WHEN the bot "
            + "starts THEN it refuses, naming rotate-key; WHEN rotate-key runs again with the old key THEN it shows the "
            + "same new key, finishes, writes no key file, and the new key opens everything")
    void interruptedRotationResumes() {
        fill(dir);
        // The key file stays as it was made; the rotation is given the same key, as AFTERGLOW_DATA_KEY gives it.
        DataKey oldKey = new KeyFile(dir).read();
        String fileKey = oldKey.toBase64();
        List<Sealed> before = sealedValues(dir, oldKey);
        List<String> shown = new ArrayList<>();
        KeyRotation.Progress stopsAfterOneBatch = new KeyRotation.Progress() {
            @Override
            public void newKeyToGive(String base64Key) {
                shown.add(base64Key);
            }

            @Override
            public void resealed(long values) {
                throw new IllegalStateException("interrupted after " + values);
            }
        };

        assertThrows(IllegalStateException.class, () -> KeyRotation.rotate(dir, Optional.of(fileKey), stopsAfterOneBatch, 2));
        StorageException startRefused = assertThrows(StorageException.class,
                () -> SqliteStorage.open(dir, Optional.of(fileKey)));
        assertTrue(startRefused.getMessage().contains("rotate-key"), startRefused.getMessage());
        long mixed = sealedValues(dir, oldKey).stream().filter(s -> {
            try {
                new Encryptor(DataKey.fromBase64(shown.get(0), "new"), random).open(s.value(), s.context());
                return true;
            } catch (StorageException e) {
                return false;
            }
        }).count();
        assertEquals(2, mixed, "the first batch was committed under the new key, the rest not yet");

        KeyRotation.Rotated rotated = KeyRotation.rotate(dir, Optional.of(fileKey), recording(shown), 2);

        assertEquals(2, shown.size());
        assertEquals(shown.get(0), shown.get(1), "the resumed run shows the same new key");
        assertEquals(Optional.of(shown.get(0)), rotated.newKeyToGive());
        assertEquals(Optional.empty(), rotated.keyFile());
        assertEquals(fileKey, new KeyFile(dir).read().toBase64(), "a given key is never written to the key file");
        DataKey newKey = DataKey.fromBase64(shown.get(0), "new");
        Encryptor newOne = new Encryptor(newKey, random);
        List<Sealed> after = sealedValues(dir, newKey);
        assertEquals(before.size(), after.size());
        after.forEach(s -> newOne.open(s.value(), s.context()));
        try (SqliteStorage storage = SqliteStorage.open(dir, Optional.of(shown.get(0)))) {
            assertTrue(Fixtures.tx(storage, () -> storage.stores().outbox().due(
                    Platform.CONSOLE, TestBot.START.plusSeconds(86_400 * 400), 100)).size() > 0);
        }
        assertNotEquals(fileKey, shown.get(0));
    }

    @Test
    @DisplayName("GIVEN people found by their blind index WHEN rotate-key runs THEN every lookup value is new, none of "
            + "the old ones is left in the files, and each person is still found by platform id, the same person")
    void theBlindIndexFollowsTheNewKey() {
        fill(dir);
        Map<Long, byte[]> before = lookups(dir);
        assertEquals(2, before.size());

        KeyRotation.rotate(dir, Optional.empty(), quiet());

        Map<Long, byte[]> after = lookups(dir);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((id, old) -> {
            assertFalse(Arrays.equals(old, after.get(id)), "person#" + id);
            assertFalse(filesContain(dir, old), "the old lookup of person#" + id + " is gone from the files");
        });
        try (SqliteStorage storage = Fixtures.open(dir)) {
            for (String name : List.of("alice", "bob")) {
                Person found = Fixtures.tx(storage, () -> storage.stores().people().find(TestBot.user(name))).orElseThrow();
                assertTrue(before.containsKey(found.id().value()), name);
                assertEquals(TestBot.user(name), found.user());
            }
        }
    }

    @Test
    @DisplayName("GIVEN a database made by version 7 that this version never opened WHEN rotate-key runs THEN it is "
            + "converted first, under the old key, and then everything opens with the new key and everyone is found")
    void aVersionSevenDatabaseIsMigratedBeforeItsKeyChanges() throws Exception {
        Planted.versionSeven(dir);

        KeyRotation.rotate(dir, Optional.empty(), quiet());

        DataKey newKey = new KeyFile(dir).read();
        Encryptor newOne = new Encryptor(newKey, random);
        List<Sealed> after = sealedValues(dir, newKey);
        assertTrue(after.stream().anyMatch(s -> s.context().startsWith("person.profile")), "profiles were made");
        after.forEach(s -> newOne.open(s.value(), s.context()));
        try (SqliteStorage storage = Fixtures.open(dir)) {
            assertEquals(Planted.ONDINE, Fixtures.tx(storage, () -> storage.stores().people().find(Planted.ONDINE))
                    .orElseThrow().user());
        }
        assertFalse(filesContain(dir, Planted.MARIGOLD));
    }

    @Test
    @DisplayName("GIVEN no database in the data dir WHEN rotate-key runs THEN it says so and creates nothing")
    void nothingToRotate() {
        StorageException e = assertThrows(StorageException.class,
                () -> KeyRotation.rotate(dir.resolve("data"), Optional.empty(), quiet()));

        assertTrue(e.getMessage().contains("There is no database to re-key"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    /** Two people, a check-in answered and revealed, and messages still queued. */
    private static void fill(Path dataDir) {
        try (TestBot bot = new TestBot(dataDir)) {
            bot.partners("alice", "bob");
            bot.command("alice", "checkin after");
            Fixtures.answerFirstText(bot, "alice", CheckinKind.AFTER, PLANTED);
            Fixtures.answerFirstText(bot, "bob", CheckinKind.AFTER, "bob-words");
            bot.command("alice", "history");
        }
        try (SqliteStorage storage = Fixtures.open(dataDir)) {
            PersonId alice = Fixtures.tx(storage, () -> new Sql(storage.database())
                    .one("SELECT id FROM person ORDER BY id LIMIT 1", row -> new PersonId(row.getLong(1)))).orElseThrow();
            storage.stores().transactions().run(() -> {
                for (int i = 0; i < 3; i++) {
                    storage.stores().outbox().add(Message.of(alice, Line.text("queued " + i)),
                            TestBot.START.plusSeconds(86_400L * 300));
                }
                storage.stores().adapterState().put("test", "state", "adapter value");
                storage.stores().seenEvents().firstSight("MATRIX:$seen-before-the-rotation", TestBot.START);
            });
        }
    }

    private static Map<Long, byte[]> lookups(Path dataDir) {
        Map<Long, byte[]> lookups = new HashMap<>();
        try (Database database = Database.open(dataDir)) {
            Sql sql = new Sql(database);
            database.run(() -> sql.list("SELECT id, lookup FROM person", row -> Map.entry(row.getLong(1), row.getBytes(2)))
                    .forEach(entry -> lookups.put(entry.getKey(), entry.getValue())));
        }
        return lookups;
    }

    private static List<byte[]> adapterLookups(Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            return database.inTransaction(() -> new Sql(database).list("SELECT lookup FROM adapter_state",
                    row -> row.getBytes(1)));
        }
    }

    /** A value put through the store, then replaced by one sealed the way versions before padding sealed it. */
    private void addLegacyValue(SqliteStorage storage, DataKey key) throws Exception {
        byte[] legacy = PaddingTest.sealUnpadded(key, LEGACY_STATE.getBytes(StandardCharsets.UTF_8),
                SqliteAdapterState.context("test", "legacy"), random);
        byte[] lookup = new StateLookup(key).adapterState("test", "legacy");
        storage.stores().transactions().run(() -> storage.stores().adapterState().put("test", "legacy", "to be replaced"));
        Fixtures.tx(storage, () -> new Sql(storage.database()).update(
                "UPDATE adapter_state SET value = ? WHERE lookup = ?", legacy, lookup));
        assertArrayEquals(legacy, Fixtures.tx(storage, () -> new Sql(storage.database()).one(
                "SELECT value FROM adapter_state WHERE lookup = ?", row -> row.getBytes(1), lookup)).orElseThrow());
    }

    /**
     * Every sealed value in the database, read with plain SQL; the key only opens each adapter
     * value's sealed key, which its context names.
     */
    private static List<Sealed> sealedValues(Path dataDir, DataKey namesUnder) {
        Encryptor names = new Encryptor(namesUnder, new SecureRandom());
        List<Sealed> all = new ArrayList<>();
        try (Database database = Database.open(dataDir)) {
            Sql sql = new Sql(database);
            database.run(() -> {
                all.addAll(sql.list("SELECT checkin_id, person_id, progress FROM participation", row -> new Sealed(
                        SqliteCheckinStore.context(row.getLong(1), new PersonId(row.getLong(2))), row.getBytes(3))));
                all.addAll(sql.list("SELECT id, person_id, message FROM outbox", row -> new Sealed(
                        SqliteOutbox.context(row.getLong(1), new PersonId(row.getLong(2))), row.getBytes(3))));
                for (Sealed[] state : sql.list("SELECT id, namespace, name, value FROM adapter_state", row -> {
                    long id = row.getLong(1);
                    String namespace = row.getString(2);
                    String key = SqliteAdapterState.openName(namespace, row.getBytes(3), id, names);
                    return new Sealed[] {new Sealed(SqliteAdapterState.nameContext(namespace, id), row.getBytes(3)),
                            new Sealed(SqliteAdapterState.context(namespace, key), row.getBytes(4))};
                })) {
                    all.addAll(List.of(state));
                }
                all.addAll(sql.list("SELECT id, started FROM session", row -> Sealed.time(
                        SqliteSessionStore.startedContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, ended FROM session WHERE ended IS NOT NULL", row -> Sealed.time(
                        SqliteSessionStore.endedContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, created FROM checkin", row -> Sealed.time(
                        SqliteCheckinStore.createdContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, expires FROM checkin", row -> Sealed.time(
                        SqliteCheckinStore.expiresContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT checkin_id, person_id, submitted FROM participation WHERE submitted IS NOT NULL",
                        row -> Sealed.time(SqliteCheckinStore.submittedContext(row.getLong(1), new PersonId(row.getLong(2))),
                                row.getBytes(3))));
                all.addAll(sql.list("SELECT id, due FROM outbox", row -> Sealed.time(
                        SqliteOutbox.dueContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, first_failed FROM outbox WHERE first_failed IS NOT NULL", row -> Sealed.time(
                        SqliteOutbox.firstFailedContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, created FROM partnership", row -> Sealed.time(
                        SqlitePartnershipStore.createdContext(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, due FROM job", row -> new Sealed(
                        SqliteJobStore.context(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT id, profile FROM person", row -> new Sealed(
                        PersonProfile.context(row.getLong(1)), row.getBytes(2))));
                all.addAll(sql.list("SELECT value FROM meta WHERE name = 'key_check'",
                        row -> new Sealed("meta.key_check", row.getBytes(1))));
            });
        }
        return all;
    }

    private static KeyRotation.Progress quiet() {
        return recording(new ArrayList<>());
    }

    private static KeyRotation.Progress recording(List<String> shown) {
        return new KeyRotation.Progress() {
            @Override
            public void newKeyToGive(String base64Key) {
                shown.add(base64Key);
            }

            @Override
            public void resealed(long values) {
                // Progress lines are the command's business.
            }
        };
    }
}
