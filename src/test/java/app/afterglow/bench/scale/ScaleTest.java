package app.afterglow.bench.scale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("The scale run builds two couples' two weeks through the core, measures a copy, and reuses the build")
    void smallWorld() throws Exception {
        World world = new World(0.004, 2);
        Map<String, Object> first = Scale.run(world, dir);
        assertEquals(4L, first.get("people"));
        // The heavy couple's daily sessions and the other's weekly one: three check-ins each, all but the last follow-up revealed.
        assertEquals(3 * 14 + 3 * 2 - 1, (long) (Long) first.get("revealed_checkins"), first::toString);
        assertTrue((Long) first.get("pending_jobs") > 0 && (Long) first.get("queued_messages") > 0, first::toString);
        assertEquals(6, ((Map<?, ?>) first.get("history_heavy")).get("messages"), "five check-ins and a note: " + first);
        assertTrue(first.containsKey("build_s"));

        Path built = dir.resolve(world.name()).resolve("built").resolve("afterglow.db");
        long before = Files.getLastModifiedTime(built).toMillis();
        Map<String, Object> again = Scale.run(world, dir);
        assertEquals(before, Files.getLastModifiedTime(built).toMillis(), "the kept database was not rebuilt or changed");
        assertEquals(first.get("checkins"), again.get("checkins"));
    }
}
