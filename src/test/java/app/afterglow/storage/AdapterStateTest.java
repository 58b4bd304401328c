package app.afterglow.storage;

import app.afterglow.core.store.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterStateTest {
    @Test
    @DisplayName("Adapter values (sealed) and seen events survive a restart; old events are forgotten")
    void survivesRestart(@TempDir Path dir) throws java.io.IOException {
        Instant t = Instant.parse("2026-11-20T18:00:00Z");
        try (SqliteStorage storage = SqliteStorage.open(dir, Optional.empty())) {
            Stores s = storage.stores();
            s.transactions().run(() -> {
                s.adapterState().put("matrix", "next_batch", "s1");
                s.adapterState().put("matrix", "next_batch", "s2");
                s.adapterState().put("matrix", "access_token", "syt-secret-token-value");
                assertTrue(s.seenEvents().firstSight("$ev1", t));
                assertFalse(s.seenEvents().firstSight("$ev1", t));
            });
        }
        assertFalse(new String(java.nio.file.Files.readAllBytes(dir.resolve("afterglow.db")), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("syt-secret-token-value"), "sealed at rest");
        try (SqliteStorage storage = SqliteStorage.open(dir, Optional.empty())) {
            Stores s = storage.stores();
            s.transactions().run(() -> {
                assertEquals(Optional.of("s2"), s.adapterState().get("matrix", "next_batch"));
                assertFalse(s.seenEvents().firstSight("$ev1", t.plusSeconds(5)));
                s.seenEvents().forgetBefore(t.plusSeconds(1));
                assertTrue(s.seenEvents().firstSight("$ev1", t.plusSeconds(6)));
                s.adapterState().remove("matrix", "next_batch");
                assertEquals(Optional.empty(), s.adapterState().get("matrix", "next_batch"));
            });
        }
    }
}
