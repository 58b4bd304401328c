package app.afterglow;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The layering the project promises: a platform-neutral core, adapters that only translate. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/app/afterglow");

    /** Package (relative to app.afterglow) → imports it must never have. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "core", List.of("net.dv8tion.", "java.net.http.", "java.sql.", "javax.sql.", "app.afterglow.storage.",
                    "app.afterglow.console.", "app.afterglow.discord.", "app.afterglow.matrix.", "app.afterglow.config."),
            "storage", List.of("net.dv8tion.", "java.net.http.", "app.afterglow.console.", "app.afterglow.discord.",
                    "app.afterglow.matrix."),
            "console", List.of("java.sql.", "app.afterglow.storage.", "net.dv8tion.", "java.net.http."),
            "matrix", List.of("java.sql.", "javax.sql.", "app.afterglow.storage.", "net.dv8tion.", "app.afterglow.console.",
                    "app.afterglow.discord."),
            "config", List.of("java.sql.", "app.afterglow.storage.", "net.dv8tion.", "java.net.http."),
            "discord", List.of("java.sql.", "javax.sql.", "app.afterglow.storage.", "java.net.http.", "app.afterglow.console.",
                    "app.afterglow.matrix."));

    @Test
    @DisplayName("The core imports nothing of Discord, Matrix, HTTP, SQL or storage, and adapters touch no storage")
    void layersKeepToThemselves() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            Path root = MAIN.resolve(rule.getKey());
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        String trimmed = line.trim();
                        if (trimmed.startsWith("import ")) {
                            for (String bad : rule.getValue()) {
                                if (trimmed.contains(bad)) {
                                    violations.add(MAIN.relativize(file) + ": " + trimmed);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    @DisplayName("The Matrix adapter keeps only its own state: it touches none of the core's business stores")
    void matrixUsesOnlyAdapterState() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("matrix"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                for (String store : List.of(".people()", ".partnerships()", ".checkins()", ".sessions()", ".jobs()",
                        ".outbox()", ".seenEvents()")) {
                    if (code.contains(store)) {
                        violations.add(MAIN.relativize(file) + " uses " + store);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
