package app.afterglow.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts a question file, as {@link Yaml#readPlain} reads it with booleans apart, into
 * {@link QuestionFile}'s records: keys are the components' names in snake_case, a list may be
 * written as its one item, a kind or type in any case, a whole number or true/false in quotes. The
 * first mistake in the file's order is reported with the set, question and option it is in. By
 * reflection, as {@link ConfigBinding} binds the config and for the same reason: a Jackson mapper
 * and its record deserializers are made in tens of milliseconds of every start, before the bot is
 * ready.
 */
final class QuestionFileBinding {
    private static final String QUOTING =
            "; YAML reads a bare yes, no, on or off as true or false, so put it in quotes";

    private QuestionFileBinding() {
    }

    /**
     * @throws ConfigException naming the place of the first unknown key or value of the wrong shape
     */
    static QuestionFile bind(Map<String, Object> tree, QuestionFilePlace at) throws ConfigException {
        return record(QuestionFile.class, tree, at);
    }

    private static <T extends Record> T record(Class<T> type, Map<?, ?> mapping, QuestionFilePlace at)
            throws ConfigException {
        return YamlRecords.bind(type, mapping, key -> at.problem("unknown key \"" + key + "\" (known keys: "
                + Arrays.stream(type.getRecordComponents()).map(ConfigOption::yamlName)
                .collect(Collectors.joining(", ")) + ")"), (component, raw) -> value(component, raw, at));
    }

    private static Object value(RecordComponent component, Object raw, QuestionFilePlace at) throws ConfigException {
        String key = ConfigOption.yamlName(component);
        Class<?> type = component.getType();
        if (raw == null) {
            return null;
        }
        if (type == List.class) {
            return list(key, itemType(component), raw, at);
        }
        if (raw instanceof Map || raw instanceof List) {
            throw at.problem(key + " must be " + Yaml.expected(type));
        }
        if (type == String.class) {
            if (raw instanceof Boolean) {
                throw at.problem(key + " must be text (got \"" + raw + "\")" + QUOTING);
            }
            return raw;
        }
        String text = raw.toString();
        if (type == Integer.class) {
            Integer number = raw instanceof String written ? wholeNumber(written) : null;
            if (number == null) {
                throw at.problem(key + " must be a whole number (got \"" + text + "\")");
            }
            return number;
        }
        if (type == Boolean.class) {
            if (raw instanceof Boolean yes) {
                return yes;
            }
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw at.problem(key + " must be true or false (got \"" + text + "\")");
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw at.problem(key + " must be " + Yaml.expected(type) + " (got \"" + text + "\")");
        }
        throw new IllegalStateException("a question file holds no " + type.getSimpleName() + " values");
    }

    /** {@code text} as a whole number, or null if it is none (1.5, 1e3, a word, or past an int). */
    private static Integer wholeNumber(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<Object> list(String key, Class<? extends Record> itemType, Object raw, QuestionFilePlace at)
            throws ConfigException {
        List<?> items = raw instanceof List<?> written ? written : List.of(raw);
        String noun = switch (key) {
            case "sets" -> "set";
            case "questions" -> "question";
            case "options" -> "option";
            default -> "item";
        };
        List<Object> bound = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item == null) {
                bound.add(null);
                continue;
            }
            Map<?, ?> mapping = item instanceof Map<?, ?> m ? m : null;
            Object named = mapping == null ? null : mapping.get(noun.equals("option") ? "key" : "id");
            QuestionFilePlace itemAt = at.in(noun, named instanceof String id ? id : null, i);
            if (mapping == null) {
                throw itemAt.problem("must be " + Yaml.expected(itemType));
            }
            bound.add(record(itemType, mapping, itemAt));
        }
        return Collections.unmodifiableList(bound);
    }

    /** The record a list component holds: every list in a question file is of sets, questions or options. */
    private static Class<? extends Record> itemType(RecordComponent component) {
        ParameterizedType list = (ParameterizedType) component.getGenericType();
        return ((Class<?>) list.getActualTypeArguments()[0]).asSubclass(Record.class);
    }
}
