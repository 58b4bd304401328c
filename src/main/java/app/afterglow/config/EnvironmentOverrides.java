package app.afterglow.config;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Lays {@code AFTERGLOW_<SECTION>_<OPTION>} environment variables over the file's tree, so they win
 * over the file and are then bound and checked exactly like it.
 */
final class EnvironmentOverrides {
    private EnvironmentOverrides() {
    }

    /**
     * Sets every option named by a variable in {@code env} into {@code tree}, the file's mapping as
     * {@link Yaml#readPlain} reads it (each section's mapping is changed in place). An empty
     * variable counts as unset, since compose files pass one through for every name they mention.
     * A list option takes comma-separated values.
     *
     * @return the variable that set each option, by {@link ConfigOption#path()}
     * @throws ConfigException naming a variable that starts with {@code AFTERGLOW_} but is no option
     */
    static Map<String, String> apply(List<ConfigOption> options, Map<String, String> env, Map<String, Object> tree)
            throws ConfigException {
        Map<String, ConfigOption> byVariable = options.stream()
                .collect(Collectors.toMap(ConfigOption::variable, Function.identity()));
        Map<String, String> applied = new HashMap<>();
        // sorted, so that of several mistakes the same one is reported every time
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ConfigOption.VARIABLE_PREFIX) || name.equals(ConfigLoader.CONFIG_FILE_VARIABLE)) {
                continue;
            }
            ConfigOption option = byVariable.get(name);
            if (option == null) {
                throw new ConfigException("environment variable " + name + " is not an Afterglow option: options are"
                        + " named AFTERGLOW_<SECTION>_<OPTION>, like AFTERGLOW_DATA_DIR for data.dir,"
                        + " and config.example.yaml lists them all");
            }
            String value = variable.getValue();
            Object section = tree.get(option.section());
            // a section the file wrote as a plain value is reported as the file's mistake when it is bound
            if (value == null || value.isBlank() || !(section == null || section instanceof Map)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> target = section == null ? new LinkedHashMap<>() : (Map<String, Object>) section;
            tree.put(option.section(), target);
            target.put(option.name(), option.list() ? list(value) : value);
            applied.put(option.path(), name);
        }
        return Map.copyOf(applied);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
