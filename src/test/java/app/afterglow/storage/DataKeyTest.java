package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.model.Person;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataKeyTest {
    @TempDir
    Path dir;

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    @DisplayName("GIVEN no key is given WHEN storage opens the first time THEN a key file readable by its owner only is created and reused on reopen")
    void keyFileIsOwnerOnlyAndReused() throws IOException {
        Person person;
        try (SqliteStorage storage = Fixtures.open(dir)) {
            person = Fixtures.person(storage, "1", "Ana");
            saveAnswer(storage, person, "kept across restarts");
        }
        Path keyFile = dir.resolve(KeyFile.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(keyFile).strip()).length);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }

        try (SqliteStorage storage = Fixtures.open(dir)) {
            assertEquals("kept across restarts", readAnswer(storage, person));
        }
    }

    @Test
    @DisplayName("GIVEN a base64 key WHEN storage opens and reopens with it THEN data reads back and no key file is written")
    void givenKeyWritesNoKeyFile() {
        String key = newKey();
        Person person;
        try (SqliteStorage storage = SqliteStorage.open(dir, Optional.of(key))) {
            person = Fixtures.person(storage, "1", "Ana");
            saveAnswer(storage, person, "sealed with the given key");
        }
        try (SqliteStorage storage = SqliteStorage.open(dir, Optional.of("  " + key + "\n"))) {
            assertEquals("sealed with the given key", readAnswer(storage, person));
        }
        assertFalse(Files.exists(dir.resolve(KeyFile.FILE_NAME)));
    }

    @Test
    @DisplayName("GIVEN a database made with one key WHEN opened with another THEN a StorageException says the key does not match and where it came from")
    void wrongGivenKeyIsCaughtAtOpen() {
        SqliteStorage.open(dir, Optional.of(newKey())).close();

        StorageException e = assertThrows(StorageException.class, () -> SqliteStorage.open(dir, Optional.of(newKey())));

        assertTrue(e.getMessage().contains("data key does not match this database"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve(Database.FILE_NAME).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("AFTERGLOW_DATA_KEY"), e.getMessage());
    }

    @Test
    @DisplayName("GIVEN a database made with its key file WHEN the key file is replaced THEN the error names the key file")
    void wrongKeyFileIsNamed() throws IOException {
        Fixtures.open(dir).close();
        Files.writeString(dir.resolve(KeyFile.FILE_NAME), newKey());

        StorageException e = assertThrows(StorageException.class, () -> Fixtures.open(dir));

        assertTrue(e.getMessage().contains("data key does not match this database"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve(KeyFile.FILE_NAME).toString()), e.getMessage());
    }

    @Test
    @DisplayName("GIVEN a database with encrypted data WHEN its key file is missing and no key is given THEN a clear error, and no new key file")
    void missingKeyFileIsNotReplaced() throws IOException {
        Fixtures.open(dir).close();
        Files.delete(dir.resolve(KeyFile.FILE_NAME));

        StorageException e = assertThrows(StorageException.class, () -> Fixtures.open(dir));

        assertTrue(e.getMessage().contains("no data key was found"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(KeyFile.FILE_NAME)));
    }

    @Test
    @DisplayName("GIVEN a malformed key WHEN storage opens THEN a StorageException explains the expected form without quoting the key, before any file is made")
    void malformedKeyIsRefused() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        for (String bad : List.of("not base64 at all!", shortKey, "")) {
            StorageException e = assertThrows(StorageException.class, () -> SqliteStorage.open(dir, Optional.of(bad)));
            assertTrue(e.getMessage().contains("32 random bytes written in base64"), e.getMessage());
            if (!bad.isEmpty()) {
                assertFalse(e.getMessage().contains(bad), e.getMessage());
            }
        }
        assertFalse(Files.exists(dir.resolve(Database.FILE_NAME)), "nothing is created before the key is known good");
    }

    @Test
    @DisplayName("GIVEN a value sealed for one context WHEN opened THEN it round-trips; with another context, key or a flipped bit it does not open")
    void encryptorBindsKeyAndContext() {
        SecureRandom random = new SecureRandom();
        Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
        byte[] plain = "hello".getBytes();

        byte[] sealed = encryptor.seal(plain, "row 1");

        assertArrayEquals(plain, encryptor.open(sealed, "row 1"));
        assertNotEquals(Base64.getEncoder().encodeToString(sealed),
                Base64.getEncoder().encodeToString(encryptor.seal(plain, "row 1")), "a fresh IV every time");
        assertThrows(StorageException.class, () -> encryptor.open(sealed, "row 2"));
        assertThrows(StorageException.class,
                () -> new Encryptor(DataKey.generate(random, "other"), random).open(sealed, "row 1"));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(StorageException.class, () -> encryptor.open(tampered, "row 1"));
        DataKey key = DataKey.generate(random, "test");
        assertFalse(key.toString().contains(key.toBase64()));
    }

    @Test
    @DisplayName("GIVEN values sealed on several threads at once WHEN each is opened on another thread, and after a "
            + "failed open THEN every one round-trips")
    void encryptorIsSafeAcrossThreadsAndAfterAFailure() throws Exception {
        SecureRandom random = new SecureRandom();
        Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> sealed = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String row = "row " + i;
                sealed.add(pool.submit(() -> encryptor.seal(row.getBytes(StandardCharsets.UTF_8), row)));
            }
            List<Future<String>> opened = new ArrayList<>();
            for (int i = 0; i < sealed.size(); i++) {
                byte[] value = sealed.get(i).get();
                String row = "row " + i;
                opened.add(pool.submit(() -> {
                    assertThrows(StorageException.class, () -> encryptor.open(value, "not " + row));
                    return new String(encryptor.open(value, row), StandardCharsets.UTF_8);
                }));
            }
            for (int i = 0; i < opened.size(); i++) {
                assertEquals("row " + i, opened.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void saveAnswer(SqliteStorage storage, Person person, String text) {
        var stores = storage.stores();
        stores.transactions().run(() -> {
            long id = Fixtures.checkin(stores, Optional.empty(), List.of(person.id()), T0).id();
            Participation p = stores.checkins().participation(id, person.id()).orElseThrow();
            stores.checkins().save(p.with(p.progress().with("favourite", Answer.ofText(text))));
        });
    }

    private static String readAnswer(SqliteStorage storage, Person person) {
        return tx(storage, () -> {
            long id = storage.stores().checkins().forPerson(person.id()).get(0).id();
            return storage.stores().checkins().participation(id, person.id()).orElseThrow()
                    .progress().answers().get("favourite").text();
        });
    }
}
