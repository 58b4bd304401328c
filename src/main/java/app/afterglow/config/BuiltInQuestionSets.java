package app.afterglow.config;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run by the build (see {@code pom.xml}), never by the bot: checks the built-in question sets,
 * written in YAML for people to read and copy, as a start checks a question file, and stores them
 * in the jar as JSON. A start reads that with the JSON parser JDA loads anyway, in a few
 * milliseconds; reading the YAML took the YAML parser some 50 ms of processor on every start,
 * on processors shared with Discord's login.
 */
public final class BuiltInQuestionSets {
    private BuiltInQuestionSets() {
    }

    /** Arguments: the YAML source, the JSON to write. A set that fails the checks fails the build. */
    public static void main(String[] args) throws ConfigException, IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuiltInQuestionSets SOURCE.yaml TARGET.json");
        }
        Map<String, Object> tree = Yaml.readPlainFile(Path.of(args[0]), Yaml.Booleans.AS_BOOLEANS);
        QuestionSetLoader.checkBuiltIn(tree);
        Path target = Path.of(args[1]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        new ObjectMapper().writeValue(target.toFile(), tree);
    }
}
