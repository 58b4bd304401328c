package app.afterglow.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
        return readFile(file, in -> read(mapper, file.toString(), in));
    }

    /** Reads {@code file} as a mapping of plain values, as {@link #readPlain} does. */
    static Map<String, Object> readPlainFile(Path file) throws ConfigException {
        return readFile(file, in -> readPlain(file.toString(), in));
    }

    /** How one document is read from an open file. */
    @FunctionalInterface
    private interface Reading<T> {
        T read(Reader in) throws ConfigException, IOException;
    }

    private static <T> T readFile(Path file, Reading<T> reading) throws ConfigException {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": is a directory, not a file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reading.read(in);
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

    /**
     * Reads one YAML document as a mapping of plain values, without a mapper: each value is text
     * (a number or a word like {@code off} as it is written), a list, a mapping (a
     * {@link LinkedHashMap} in the file's order, which may be changed) or null. An empty document
     * reads as an empty mapping. The mapper's parser and duplicate-key check, so it fails in the
     * same words. For the config file, whose values are all text: making a mapper costs about a
     * quarter of a second of class loading, and the config is read before Discord can begin to log in.
     *
     * @throws IOException when {@code in} itself fails, as opposed to holding bad YAML
     */
    static Map<String, Object> readPlain(String source, Reader in) throws ConfigException, IOException {
        try (JsonParser parser = PLAIN.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return new LinkedHashMap<>();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(source + ": must hold key: value lines at the top level");
            }
            return plainMapping(parser);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + syntaxProblem(e));
        }
    }

    private static Object plainValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonEOFException(parser, null, "the document ends inside a value");
        }
        return switch (token) {
            case START_OBJECT -> plainMapping(parser);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(plainValue(parser));
                }
                yield items;
            }
            case VALUE_NULL -> null;
            default -> parser.getValueAsString();
        };
    }

    private static Map<String, Object> plainMapping(JsonParser parser) throws IOException {
        Map<String, Object> mapping = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            mapping.put(key, plainValue(parser));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonEOFException(parser, token, "the document ends inside a mapping");
        }
        return mapping;
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
