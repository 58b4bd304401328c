package app.afterglow.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltInQuestionSetsTest {
    private static final Path SOURCE = Path.of("src/main/resources/questions/default.yaml");

    @TempDir
    Path dir;

    private static Map<String, Object> json(InputStream in) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(in)) {
            return PlainTree.read(parser, Yaml.Booleans.AS_BOOLEANS).orElseThrow();
        }
    }

    @Test
    @DisplayName("GIVEN the built-in sets' YAML source WHEN the build has stored them THEN the JSON the bot reads "
            + "holds the very same values")
    void theStoredSetsAreTheSource() throws Exception {
        try (InputStream stored = BuiltInQuestionSets.class.getResourceAsStream("/questions/default.json")) {
            assertNotNull(stored, "the build stores the built-in sets as questions/default.json");
            assertEquals(Yaml.readPlainFile(SOURCE, Yaml.Booleans.AS_BOOLEANS), json(stored));
        }
    }

    @Test
    @DisplayName("GIVEN a YAML source WHEN the build stores it THEN the JSON reads back as the same values, "
            + "numbers as written, nulls and the order of keys included")
    void storedAsTheSameValues() throws Exception {
        Path source = Files.writeString(dir.resolve("sets.yaml"), Files.readString(SOURCE) + """
                  - id: extra
                    kind: after
                    title: Extra
                    questions:
                      - id: how
                        type: scale
                        prompt: "How was it: 1.50 or yes?"
                        min: 01
                        max: 5
                        hint:
                """);
        Path target = dir.resolve("out/default.json");

        BuiltInQuestionSets.main(new String[]{source.toString(), target.toString()});

        try (InputStream in = Files.newInputStream(target)) {
            Map<String, Object> read = json(in);
            assertEquals(Yaml.readPlainFile(source, Yaml.Booleans.AS_BOOLEANS), read);
            List<?> sets = (List<?>) read.get("sets");
            Map<?, ?> how = (Map<?, ?>) ((List<?>) ((Map<?, ?>) sets.get(sets.size() - 1)).get("questions")).get(0);
            assertEquals(List.of("id", "type", "prompt", "min", "max", "hint"), List.copyOf(how.keySet()));
            assertEquals("01", how.get("min"));
            assertTrue(how.containsKey("hint") && how.get("hint") == null);
        }
    }

    @Test
    @DisplayName("GIVEN a built-in set that a start would refuse WHEN the build stores the sets THEN the build "
            + "fails, saying why, and stores nothing")
    void aSetThatFailsTheChecksFailsTheBuild() throws IOException {
        Path source = Files.writeString(dir.resolve("sets.yaml"), """
                sets:
                  - id: Before!
                    kind: before
                    title: Before
                    questions: []
                """);
        Path target = dir.resolve("default.json");

        ConfigException refused = assertThrows(ConfigException.class,
                () -> BuiltInQuestionSets.main(new String[]{source.toString(), target.toString()}));

        assertTrue(refused.getMessage().contains("Before!"), refused.getMessage());
        assertFalse(Files.exists(target));
    }
}
