package app.afterglow.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed template is what self-hosters copy, so it must load, document every option and
 * stay true when its platform blocks are switched on. Commented-out settings start with a # directly
 * followed by the YAML (a key, or the two-space indentation); prose comments start with "# ".
 */
class ConfigExampleTest {
    private static final Path EXAMPLE = Path.of("config.example.yaml");
    private static final Pattern COMMENTED_OUT_SETTING = Pattern.compile("(?m)^#(?=[a-z]|  )");
    private static final Pattern SECTION = Pattern.compile("^([a-z_]+):\\s*$");
    private static final Pattern OPTION = Pattern.compile("^  (?:# )?([a-z_]+):");

    private static String uncommented() throws IOException {
        return COMMENTED_OUT_SETTING.matcher(Files.readString(EXAMPLE)).replaceAll("");
    }

    @Test
    @DisplayName("GIVEN the example as committed WHEN it is loaded THEN it holds the defaults and runs the console")
    void exampleIsTheDefaults() throws ConfigException {
        Config config = ConfigLoader.load(Optional.of(EXAMPLE), Map.of());

        assertEquals(Config.byDefault(), config);
    }

    @Test
    @DisplayName("GIVEN the platform blocks are uncommented WHEN the file is loaded THEN Discord and Matrix are on")
    void uncommentedPlatformsLoad(@TempDir Path dir) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("config.yaml"), uncommented());

        Config config = ConfigLoader.load(Optional.of(file), Map.of());

        assertTrue(config.discord().isPresent());
        assertTrue(config.matrix().isPresent());
    }

    @Test
    @DisplayName("GIVEN the options the config records declare THEN each appears in the example, in its own section, and no others do")
    void everyOptionAppears() throws IOException {
        Set<String> documented = new HashSet<>();
        String section = "";
        for (String line : uncommented().lines().toList()) {
            Matcher sectionLine = SECTION.matcher(line);
            Matcher optionLine = OPTION.matcher(line);
            if (sectionLine.matches()) {
                section = sectionLine.group(1);
            } else if (optionLine.find()) {
                documented.add(section + "." + optionLine.group(1));
            }
        }

        Set<String> declared = ConfigOption.all().stream()
                .map(ConfigOption::path)
                .collect(Collectors.toSet());

        assertEquals(declared, documented);
    }
}
