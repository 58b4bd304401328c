package app.afterglow.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** YAML reading shared by both loaders, so a config file and a question file fail in the same words. */
final class Yaml {
    private Yaml() {
    }

    /** A fresh mapper: snake_case keys, unknown keys and repeated keys are errors. */
    static YAMLMapper mapper() {
        return YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a key written twice is nearly always a slip; keeping the last one silently hides it
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "max_length: 1.5" is a mistake to report, not a number to round down
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // a list of one may be written as the one value
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
    }

    /** Reads {@code file} as a mapping; an empty file reads as an empty mapping. */
    static ObjectNode readFile(ObjectMapper mapper, Path file) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": is a directory, not a file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(mapper, file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (looked for " + file.toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read as UTF-8 text (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads one YAML document as a mapping; an empty document reads as an empty mapping.
     *
     * @param source how messages name the document, usually its path
     * @throws IOException when {@code in} itself fails, as opposed to holding bad YAML
     */
    static ObjectNode read(ObjectMapper mapper, String source, Reader in) throws ConfigException, IOException {
        JsonNode node;
        try {
            node = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + syntaxProblem(e));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return mapper.createObjectNode();
        }
        if (node instanceof ObjectNode mapping) {
            return mapping;
        }
        throw new ConfigException(source + ": must hold key: value lines at the top level");
    }

    /** Keys a record accepts, in declaration order, as they are written in YAML. */
    static List<String> keys(ObjectMapper mapper, Class<?> type) {
        return mapper.getDeserializationConfig().introspect(mapper.constructType(type)).findProperties().stream()
                .map(BeanPropertyDefinition::getName)
                .toList();
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
