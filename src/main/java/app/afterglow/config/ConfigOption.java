package app.afterglow.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One option of the config file, as {@link ConfigFile} declares it.
 *
 * @param section the top-level key, like {@code checkins}
 * @param name    the key inside the section, like {@code expiry_hours}
 * @param list    whether the option holds a list
 */
record ConfigOption(String section, String name, boolean list) {
    static final String VARIABLE_PREFIX = "AFTERGLOW_";
    private static final PropertyNamingStrategies.NamingBase YAML_NAMES =
            new PropertyNamingStrategies.SnakeCaseStrategy();

    /** How messages and the example file name it: {@code checkins.expiry_hours}. */
    String path() {
        return section + "." + name;
    }

    /** The environment variable that sets it: {@code AFTERGLOW_CHECKINS_EXPIRY_HOURS}. */
    String variable() {
        return VARIABLE_PREFIX + (section + "_" + name).toUpperCase(Locale.ROOT);
    }

    /** Every option, in declaration order, named as in YAML. */
    static List<ConfigOption> all() {
        List<ConfigOption> options = new ArrayList<>();
        for (RecordComponent section : ConfigFile.class.getRecordComponents()) {
            for (RecordComponent option : section.getType().getRecordComponents()) {
                options.add(new ConfigOption(yamlName(section), yamlName(option), option.getType() == List.class));
            }
        }
        return List.copyOf(options);
    }

    /** A record component's key in YAML: {@code expiryHours} is {@code expiry_hours}. */
    static String yamlName(RecordComponent component) {
        return YAML_NAMES.translate(component.getName());
    }
}
