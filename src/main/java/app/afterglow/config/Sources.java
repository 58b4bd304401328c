package app.afterglow.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where each option's value came from, so that an error points at the file key or variable to fix. */
final class Sources {
    private final Optional<Path> file;
    private final Map<String, ConfigOption> options;
    private final Set<String> pathsInFile;
    private final Map<String, String> variables;

    /**
     * @param pathsInFile paths of the options the file gives a value
     * @param variables   the variable that set each option, by path; these win over the file
     */
    Sources(Optional<Path> file, List<ConfigOption> options, Set<String> pathsInFile, Map<String, String> variables) {
        this.file = Objects.requireNonNull(file, "file");
        this.options = options.stream().collect(Collectors.toUnmodifiableMap(ConfigOption::path, Function.identity()));
        this.pathsInFile = Set.copyOf(pathsInFile);
        this.variables = Map.copyOf(variables);
    }

    /** Whether the file or a variable gave {@code path} a value. */
    boolean isSet(String path) {
        return variables.containsKey(path) || pathsInFile.contains(path);
    }

    /**
     * Names {@code path} by its source: {@code environment variable AFTERGLOW_DATA_DIR},
     * {@code config.yaml: data.dir} or, for a default, {@code data.dir}.
     */
    String where(String path) {
        String variable = variables.get(path);
        if (variable != null) {
            return "environment variable " + variable;
        }
        return pathsInFile.contains(path) ? inFile(path) : path;
    }

    /** Names {@code what} as part of the file, for problems only the file can have. */
    String inFile(String what) {
        return file.map(f -> f + ": ").orElse("") + what;
    }

    /** {@code path} holds {@code got}, which is not {@code requirement}. Never use for a secret. */
    ConfigException invalid(String path, String requirement, String got) {
        return new ConfigException(where(path) + " must be " + requirement + " (got \"" + got + "\")");
    }

    /** {@code path} holds something that is not {@code requirement}, without repeating it: for secrets. */
    ConfigException invalidSecret(String path, String requirement) {
        return new ConfigException(where(path) + " must be " + requirement);
    }

    /** {@code path} has no value but {@code because} needs one. */
    ConfigException missing(String path, String because) {
        return new ConfigException(inFile(path) + " is needed " + because
                + " (or set " + options.get(path).variable() + ")");
    }
}
