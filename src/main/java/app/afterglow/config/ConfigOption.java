package app.afterglow.config;

import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

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

    /** How messages and the example file name it: {@code checkins.expiry_hours}. */
    String path() {
        return section + "." + name;
    }

    /** The environment variable that sets it: {@code AFTERGLOW_CHECKINS_EXPIRY_HOURS}. */
    String variable() {
        return VARIABLE_PREFIX + (section + "_" + name).toUpperCase(Locale.ROOT);
    }

    /** Every option, in declaration order, named as {@code mapper} names them in YAML. */
    static List<ConfigOption> all(ObjectMapper mapper) {
        DeserializationConfig config = mapper.getDeserializationConfig();
        List<ConfigOption> options = new ArrayList<>();
        for (BeanPropertyDefinition section : config.introspect(mapper.constructType(ConfigFile.class))
                .findProperties()) {
            for (BeanPropertyDefinition option : config.introspect(section.getPrimaryType()).findProperties()) {
                options.add(new ConfigOption(section.getName(), option.getName(),
                        option.getPrimaryType().isCollectionLikeType()));
            }
        }
        return List.copyOf(options);
    }
}
