package app.afterglow.config;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;

/**
 * Makes a record from a YAML mapping by reflection, for {@link ConfigBinding} and
 * {@link QuestionFileBinding}: each key names a component in snake_case, the mapping's order is
 * kept, so the first mistake reported is the file's first, and a component without a key is null.
 */
final class YamlRecords {
    private YamlRecords() {
    }

    /** What is said of a key the record has no component for. */
    @FunctionalInterface
    interface UnknownKey {
        ConfigException problem(String key);
    }

    /** A component's value from what YAML gave for it. */
    @FunctionalInterface
    interface Value {
        Object of(RecordComponent component, Object raw) throws ConfigException;
    }

    static <T> T bind(Class<T> type, Map<?, ?> mapping, UnknownKey unknown, Value value) throws ConfigException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (Map.Entry<?, ?> entry : mapping.entrySet()) {
            String key = (String) entry.getKey();
            int index = indexOf(components, key);
            if (index < 0) {
                throw unknown.problem(key);
            }
            values[index] = value.of(components[index], entry.getValue());
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the record " + type.getSimpleName() + " cannot be made from YAML", e);
        }
    }

    private static int indexOf(RecordComponent[] components, String yamlName) {
        for (int i = 0; i < components.length; i++) {
            if (ConfigOption.yamlName(components[i]).equals(yamlName)) {
                return i;
            }
        }
        return -1;
    }
}
