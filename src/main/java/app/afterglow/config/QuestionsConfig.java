package app.afterglow.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a deployment's own question sets are.
 *
 * @param file a YAML file of sets that add to the built-in ones or replace them by id; empty
 *             (the default) means the built-in sets alone. Read by {@link QuestionSetLoader}.
 */
public record QuestionsConfig(Optional<Path> file) {
    public QuestionsConfig {
        Objects.requireNonNull(file, "file");
    }

    /** The built-in question sets alone. */
    public static QuestionsConfig byDefault() {
        return new QuestionsConfig(Optional.empty());
    }
}
