package app.afterglow.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** YAML reading shared by both loaders, so a config file and a question file fail in the same words. */
final class Yaml {
    /** The parser for {@link #readPlain}: a key with nothing after it is null, a key written twice an error. */
    private static final YAMLFactory PLAIN = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Yaml() {
    }

    /** How a plain reading gives a scalar YAML takes for true or false. */
    enum Booleans {
        /** As it is written: {@code off} is the text "off". */
        AS_WRITTEN,
        /** As {@link Boolean}: {@code off} is false, {@code "off"} the text. */
        AS_BOOLEANS
    }

    /** Reads {@code file} as a mapping of plain values, as {@link #readPlain} does. */
    static Map<String, Object> readPlainFile(Path file, Booleans booleans) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": is a directory, not a file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readPlain(file.toString(), in, booleans);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (looked for " + file.toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read as UTF-8 text (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads one YAML document as a mapping of plain values ({@link PlainTree}), without a mapper,
     * {@link Boolean}s only if {@code booleans} asks for them. A key with nothing after it is null;
     * an empty document reads as an empty mapping; a key written twice is an error, as it is
     * nearly always a slip. Making a Jackson mapper instead costs about a quarter of a second of
     * class loading, and binding records through one more, all before the bot is ready.
     *
     * @throws IOException when {@code in} itself fails, as opposed to holding bad YAML
     */
    static Map<String, Object> readPlain(String source, Reader in, Booleans booleans)
            throws ConfigException, IOException {
        try (JsonParser parser = PLAIN.createParser(in)) {
            return PlainTree.read(parser, booleans).orElseThrow(() ->
                    new ConfigException(source + ": must hold key: value lines at the top level"));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + syntaxProblem(e));
        }
    }

    /** What a value bound to {@code type} has to look like, in plain words. */
    static String expected(Class<?> type) {
        if (type == String.class) {
            return "text";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return "key: value lines indented under it";
    }

    private static String syntaxProblem(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1
                ? ""
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        // SnakeYAML's own message quotes the offending line, which may hold a token; its problem does not
        String problem = e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null
                ? yaml.getProblem()
                : e.getOriginalMessage();
        return where + "not valid YAML (" + problem + ")";
    }
}
