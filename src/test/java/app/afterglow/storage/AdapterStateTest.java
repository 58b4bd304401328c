package app.afterglow.storage;

import app.afterglow.core.store.AdapterState;
import app.afterglow.core.util.Digest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.filesContain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: adapter state is found by a keyed lookup, its keys never in the files. */
class AdapterStateTest {
    /** Keys as the Matrix adapter makes them: its own id in clear, a person's as an unkeyed digest. */
    private static final String BOT_TOKEN_KEY = "access_token:@afterglow-bot-q7:matrix.example.org";
    private static final String PERSON = "@ondinefarrowmere-x3:matrix.example.org";
    private static final String DM_KEY = Digest.of(PERSON);
    private static final String TOKEN = "syt-secret-token-value";

    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN values put under namespaces and keys WHEN they are read, overwritten, read after a restart and "
            + "removed THEN each is found under its own namespace and key only, holds its latest value, and is gone once "
            + "removed")
    void foundAgainPerNamespaceAcrossRestarts() throws SQLException {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            AdapterState state = storage.stores().adapterState();
            storage.stores().transactions().run(() -> {
                state.put("matrix", "next_batch", "s1");
                state.put("matrix", "next_batch", "s2");
                state.put("matrix.dm", DM_KEY, "!dm:matrix.example.org");
                state.put("matrix.dm-owner", DM_KEY, "another value under the same key");
                assertEquals(Optional.of("s2"), state.get("matrix", "next_batch"));
                assertEquals(Optional.empty(), state.get("matrix.sync", "next_batch"), "another namespace");
                assertEquals(Optional.empty(), state.get("matrix", "next_batch_"), "another key");
            });
        }
        try (SqliteStorage storage = Fixtures.open(dir)) {
            AdapterState state = storage.stores().adapterState();
            storage.stores().transactions().run(() -> {
                assertEquals(Optional.of("s2"), state.get("matrix", "next_batch"));
                assertEquals(Optional.of("!dm:matrix.example.org"), state.get("matrix.dm", DM_KEY));
                assertEquals(Optional.of("another value under the same key"), state.get("matrix.dm-owner", DM_KEY));
                state.remove("matrix.dm", DM_KEY);
                assertEquals(Optional.empty(), state.get("matrix.dm", DM_KEY));
                assertEquals(Optional.of("another value under the same key"), state.get("matrix.dm-owner", DM_KEY));
            });
        }
        assertEquals(List.of("2"), DatabaseTest.rawStrings(dir, "SELECT count(*) FROM adapter_state"));
    }

    @Test
    @DisplayName("GIVEN the bot's access token and a person's DM room kept as the Matrix adapter keeps them WHEN the "
            + "files are searched, with the storage open and after it closed THEN neither the value, nor the keys, "
            + "nor the Matrix ids, nor the plain SHA-256 digest of any of them is in the database, WAL or SHM")
    void noKeyInTheFiles() throws Exception {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            storage.stores().transactions().run(() -> {
                storage.stores().adapterState().put("matrix", BOT_TOKEN_KEY, TOKEN);
                storage.stores().adapterState().put("matrix.dm", DM_KEY, "!dm:matrix.example.org");
            });
            assertNothingInClear();
        }
        assertNothingInClear();
    }

    private void assertNothingInClear() throws Exception {
        assertTrue(filesContain(dir, "matrix.dm"), "control: the search reads the files, where namespaces stay");
        for (String planted : List.of(TOKEN, BOT_TOKEN_KEY, "@afterglow-bot-q7", DM_KEY, PERSON, Digest.of(BOT_TOKEN_KEY))) {
            assertFalse(filesContain(dir, planted), "in clear: " + planted);
        }
        for (String key : List.of(BOT_TOKEN_KEY, DM_KEY)) {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            assertFalse(filesContain(dir, sha256), "the SHA-256 of a key, as bytes");
        }
    }

    @Test
    @DisplayName("GIVEN a value put under a namespace and key WHEN its row is read THEN its lookup is the keyed one of "
            + "this data key, the same for the same namespace and key and different under another data key, for "
            + "another namespace or as a seen event's; and its sealed key opens to the adapter's key")
    void theLookupIsKeyed() {
        SecureRandom random = new SecureRandom();
        try (SqliteStorage storage = Fixtures.open(dir)) {
            storage.stores().transactions().run(() -> storage.stores().adapterState().put("matrix.dm", DM_KEY, "!dm"));
        }
        DataKey key = new KeyFile(dir).read();
        StateLookup lookups = new StateLookup(key);
        try (Database database = Database.open(dir)) {
            Sql sql = new Sql(database);
            byte[] stored = database.inTransaction(() -> sql.one("SELECT lookup FROM adapter_state", row -> row.getBytes(1)))
                    .orElseThrow();
            assertArrayEquals(lookups.adapterState("matrix.dm", DM_KEY), stored);
            assertArrayEquals(stored, new StateLookup(DataKey.fromBase64(key.toBase64(), "again")).adapterState("matrix.dm", DM_KEY));
            assertFalse(MessageDigest.isEqual(stored, new StateLookup(DataKey.generate(random, "other"))
                    .adapterState("matrix.dm", DM_KEY)), "another data key");
            assertFalse(MessageDigest.isEqual(stored, lookups.adapterState("matrix.dm-owner", DM_KEY)), "another namespace");
            assertFalse(MessageDigest.isEqual(lookups.adapterState("a", "bc"), lookups.adapterState("ab", "c")),
                    "namespace and key are kept apart");
            assertFalse(MessageDigest.isEqual(lookups.seenEvent("matrix.dm"), lookups.adapterState("matrix.dm", "")));
            assertEquals(Optional.of(DM_KEY), database.inTransaction(() -> sql.one("SELECT id, name FROM adapter_state",
                    row -> SqliteAdapterState.openName("matrix.dm", row.getBytes(2), row.getLong(1),
                            new Encryptor(key, random)))));
        }
    }
}
