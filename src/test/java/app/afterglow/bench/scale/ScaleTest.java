package app.afterglow.bench.scale;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleTest {
    /** What a measured build is made of, the same however it was built and wherever it was measured. */
    private static final List<String> MEASURED_WORLD = List.of("people", "checkins", "revealed_checkins",
            "pending_jobs", "queued_messages", "bytes_per_checkin");

    @TempDir
    Path dir;

    @Test
    @DisplayName("The scale run builds two couples' two weeks through the core, measures a copy, and reuses the build")
    void smallWorld() throws Exception {
        World world = new World(0.004, 2);
        Map<String, Object> first = Scale.run(world, dir, Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        assertEquals(4L, first.get("people"));
        // The heavy couple's daily sessions and the other's weekly one: three check-ins each, all but the last follow-up revealed.
        assertEquals(3 * 14 + 3 * 2 - 1, (long) (Long) first.get("revealed_checkins"), first::toString);
        assertTrue((Long) first.get("pending_jobs") > 0 && (Long) first.get("queued_messages") > 0, first::toString);
        assertEquals(6, ((Map<?, ?>) first.get("history_heavy")).get("messages"), "five check-ins and a note: " + first);
        assertTrue(first.containsKey("build_s"));
        // What is due when the measuring starts goes out, timed apart, before ticks are timed as idle ones.
        assertTrue((Integer) ((Map<?, ?>) first.get("start_catch_up")).get("ticks") >= 1, first::toString);
        if (Written.soFar().isPresent()) {
            // An erasure writes the pages it changes twice: into the log, then the file.
            assertTrue((Long) ((Map<?, ?>) first.get("erase_heavy")).get("kib_written") >= 8, first::toString);
        }

        Path built = dir.resolve(world.name()).resolve("built").resolve("afterglow.db");
        long before = Files.getLastModifiedTime(built).toMillis();
        Map<String, Object> again = Scale.run(world, dir, Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        assertEquals(before, Files.getLastModifiedTime(built).toMillis(), "the kept database was not rebuilt or changed");
        assertEquals(first.get("checkins"), again.get("checkins"));
    }

    @Test
    @DisplayName("A build stopped after every day and gone on with makes the database one build makes")
    void buildInParts() throws Exception {
        World world = new World(0.004, 2);
        Map<String, Object> whole = Scale.run(world, dir.resolve("whole"), Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        Path parts = dir.resolve("parts");
        Map<String, Object> part = Scale.run(world, parts, Duration.ZERO, Scale.Then.MEASURE_A_COPY);
        // The partnerships and preferences, then one day a run.
        assertEquals(0, part.get("built_days"), part::toString);
        assertFalse(part.containsKey("checkins"), "an unfinished build is not measured: " + part);
        int runs = 1;
        while (part.containsKey("built_days")) {
            assertEquals(runs - 1, part.get("built_days"));
            part = Scale.run(world, parts, Duration.ZERO, Scale.Then.MEASURE_A_COPY);
            runs++;
        }
        assertEquals(1 + world.days(), runs);
        assertEquals(whole.get("build_interactions"), part.get("build_interactions"));
        assertSameWorld(whole, part, List.of("people", "partnerships", "checkins", "revealed_checkins",
                "heavy_person_checkins", "pending_jobs", "queued_messages"));
        // What the heavy person's history shows (and, above, exports) holds every answer, time and share of theirs.
        Map<?, ?> history = (Map<?, ?>) whole.get("history_heavy");
        Map<?, ?> historyInParts = (Map<?, ?>) part.get("history_heavy");
        assertEquals(history.get("messages"), historyInParts.get("messages"));
        assertEquals(history.get("chars"), historyInParts.get("chars"));
        assertFalse(Files.exists(parts.resolve(world.name()).resolve("built").resolve(Build.PROGRESS)));
    }

    @Test
    @DisplayName("Measured in place, a build gives the figures a copy of it gives and is gone, so the next run builds again")
    void measuredInPlace() throws Exception {
        World world = new World(0.004, 2);
        Map<String, Object> copied = Scale.run(world, dir.resolve("copied"), Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        Path scaleDir = dir.resolve("in-place");
        Map<String, Object> inPlace = Scale.run(world, scaleDir, Build.UNLIMITED, Scale.Then.MEASURE_IN_PLACE);
        assertSameWorld(copied, inPlace, MEASURED_WORLD);
        assertFalse(Files.exists(scaleDir.resolve(world.name()).resolve("built")), "the measured build is not kept");
        assertFalse(Files.exists(scaleDir.resolve(world.name()).resolve("measured")), "nor copied");
        Map<String, Object> again = Scale.run(world, scaleDir, Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        assertTrue(again.containsKey("build_s"), "built anew: " + again);
        assertEquals(copied.get("checkins"), again.get("checkins"));
    }

    @Test
    @DisplayName("A build finished and kept unmeasured is measured by the next run, in place, without building again")
    void keptUnmeasuredThenMeasured() throws Exception {
        World world = new World(0.004, 2);
        Map<String, Object> copied = Scale.run(world, dir.resolve("copied"), Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        Path scaleDir = dir.resolve("kept");
        Map<String, Object> kept = Scale.run(world, scaleDir, Build.UNLIMITED, Scale.Then.KEEP_UNMEASURED);
        assertTrue(kept.containsKey("build_s"), "built: " + kept);
        assertFalse(kept.containsKey("checkins"), "not measured: " + kept);
        assertTrue(Files.isRegularFile(scaleDir.resolve(world.name()).resolve("built").resolve("afterglow.db")));

        Map<String, Object> measured = Scale.run(world, scaleDir, Build.UNLIMITED, Scale.Then.MEASURE_IN_PLACE);

        assertEquals(kept.get("build_s"), measured.get("build_s"), "the kept build was reused, not built again");
        assertSameWorld(copied, measured, MEASURED_WORLD);
        assertFalse(Files.exists(scaleDir.resolve(world.name()).resolve("built")), "the measured build is not kept");
    }

    @Test
    @DisplayName("Measured cold, a copy gives the figures a warm copy gives, and each says how the page cache was")
    void measuredCold() throws Exception {
        World world = new World(0.004, 2);
        Map<String, Object> warm = Scale.run(world, dir, Build.UNLIMITED, Scale.Then.MEASURE_A_COPY);
        assertEquals("as left", warm.get("page_cache"));
        Optional<String> whyNot = PageCache.whyNot(dir);
        if (whyNot.isPresent()) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> Scale.run(world, dir, Build.UNLIMITED, Scale.Then.MEASURE_A_COPY, true));
            assertEquals(PageCache.whyNot(dir.resolve(world.name()).resolve("measured")), Optional.of(refused.getMessage()));
            return;
        }
        Map<String, Object> cold = Scale.run(world, dir, Build.UNLIMITED, Scale.Then.MEASURE_A_COPY, true);
        assertEquals("emptied", cold.get("page_cache"));
        assertSameWorld(warm, cold, MEASURED_WORLD);
    }

    /** The named figures of the world, and the heavy person's export, are the same in both runs. */
    private static void assertSameWorld(Map<String, Object> expected, Map<String, Object> actual, List<String> figures) {
        for (String figure : figures) {
            assertEquals(expected.get(figure), actual.get(figure), figure);
        }
        assertEquals(((Map<?, ?>) expected.get("export_heavy")).get("bytes"),
                ((Map<?, ?>) actual.get("export_heavy")).get("bytes"), "the heavy person's export");
    }
}
