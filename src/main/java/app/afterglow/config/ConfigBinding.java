package app.afterglow.config;

import java.util.ArrayList;
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
        return YamlRecords.bind(ConfigFile.class, tree, section -> {
            String known = options.stream().map(ConfigOption::section).distinct().collect(Collectors.joining(", "));
            return new ConfigException(sources.inFile("unknown section \"" + section + "\" (sections are: " + known
                    + ")"));
        }, (component, raw) -> section(component.getType(), ConfigOption.yamlName(component), raw));
    }

    private Object section(Class<?> type, String name, Object raw) throws ConfigException {
        // YAML reads a key with nothing after it as empty text
        if (raw == null || "".equals(raw)) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> mapping)) {
            throw new ConfigException(sources.inFile(name) + " must be " + Yaml.expected(type));
        }
        return YamlRecords.bind(type, mapping, key -> {
            String known = options.stream().filter(o -> o.section().equals(name)).map(ConfigOption::name)
                    .collect(Collectors.joining(", "));
            return new ConfigException(sources.inFile("unknown option " + name + "." + key + " (" + name + " has: "
                    + known + ")"));
        }, (component, value) -> option(component.getType(), name + "." + ConfigOption.yamlName(component), value));
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
}
