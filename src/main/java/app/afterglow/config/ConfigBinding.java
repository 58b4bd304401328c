package app.afterglow.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts the file's mapping, with the variables laid over it, into {@link ConfigFile}'s records:
 * every key must be a section or option the records declare, a section must be a mapping (one left
 * empty is no section), an option text (a list option also takes a list of plain values, or one
 * value as a list of one). The first mistake in the file's order is reported, by name. The records
 * are read by reflection rather than by a Jackson mapper, whose making costs about a quarter of a
 * second of start-up before Discord can begin to log in; adding a component to a record still adds
 * the option.
 */
final class ConfigBinding {
    private final List<ConfigOption> options;
    private final Sources sources;

    private ConfigBinding(List<ConfigOption> options, Sources sources) {
        this.options = options;
        this.sources = sources;
    }

    /**
     * @param tree a mapping as {@link Yaml#readPlain} reads it
     * @throws ConfigException naming the first unknown key or value of the wrong shape
     */
    static ConfigFile bind(Map<String, Object> tree, List<ConfigOption> options, Sources sources)
            throws ConfigException {
        return new ConfigBinding(options, sources).file(tree);
    }

    private ConfigFile file(Map<String, Object> tree) throws ConfigException {
        RecordComponent[] sections = ConfigFile.class.getRecordComponents();
        Object[] values = new Object[sections.length];
        for (Map.Entry<String, Object> entry : tree.entrySet()) {
            int index = indexOf(sections, entry.getKey());
            if (index < 0) {
                String known = options.stream().map(ConfigOption::section).distinct()
                        .collect(Collectors.joining(", "));
                throw new ConfigException(sources.inFile("unknown section \"" + entry.getKey() + "\" (sections are: "
                        + known + ")"));
            }
            values[index] = section(sections[index].getType(), entry.getKey(), entry.getValue());
        }
        return construct(ConfigFile.class, values);
    }

    private Object section(Class<?> type, String name, Object raw) throws ConfigException {
        // YAML reads a key with nothing after it as empty text
        if (raw == null || "".equals(raw)) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> mapping)) {
            throw new ConfigException(sources.inFile(name) + " must be " + Yaml.expected(type));
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (Map.Entry<?, ?> entry : mapping.entrySet()) {
            String key = (String) entry.getKey();
            int index = indexOf(components, key);
            if (index < 0) {
                String known = options.stream().filter(o -> o.section().equals(name)).map(ConfigOption::name)
                        .collect(Collectors.joining(", "));
                throw new ConfigException(sources.inFile("unknown option " + name + "." + key + " (" + name
                        + " has: " + known + ")"));
            }
            values[index] = option(components[index].getType(), name + "." + key, entry.getValue());
        }
        return construct(type, values);
    }

    private Object option(Class<?> type, String path, Object raw) throws ConfigException {
        if (raw == null || raw instanceof String && type == String.class) {
            return raw;
        }
        if (type != List.class || raw instanceof Map) {
            throw new ConfigException(sources.where(path) + " must be " + Yaml.expected(type));
        }
        if (raw instanceof String one) {
            return List.of(one);
        }
        List<Object> items = new ArrayList<>();
        for (Object item : (List<?>) raw) {
            if (item != null && !(item instanceof String)) {
                throw new ConfigException(sources.where(path) + " must be a list of plain values");
            }
            items.add(item);
        }
        return Collections.unmodifiableList(items);
    }

    private static int indexOf(RecordComponent[] components, String yamlName) {
        for (int i = 0; i < components.length; i++) {
            if (ConfigOption.yamlName(components[i]).equals(yamlName)) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T construct(Class<T> type, Object[] values) {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the config record " + type.getSimpleName() + " cannot be made", e);
        }
    }
}
