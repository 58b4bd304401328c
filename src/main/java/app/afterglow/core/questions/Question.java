package app.afterglow.core.questions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One question of a set.
 *
 * @param id        stable within its set; answers are stored against it
 * @param prompt    what the person is asked
 * @param hint      a gentle line under the prompt, may be empty
 * @param options   for ONE and MANY
 * @param min       for SCALE
 * @param max       for SCALE
 * @param minLabel  what {@code min} means on a SCALE, may be empty
 * @param maxLabel  what {@code max} means on a SCALE, may be empty
 * @param maxLength for TEXT: the most characters accepted
 * @param sendNow   the answer may be sent to the partner at once, before any reveal
 */
public record Question(String id, QuestionType type, String prompt, String hint, List<Option> options,
                       int min, int max, String minLabel, String maxLabel, int maxLength, boolean sendNow) {
    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(prompt, "prompt");
        hint = hint == null ? "" : hint;
        options = options == null ? List.of() : List.copyOf(options);
        minLabel = minLabel == null ? "" : minLabel;
        maxLabel = maxLabel == null ? "" : maxLabel;
    }

    public Optional<Option> option(String key) {
        return options.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    public String label(String optionKey) {
        return option(optionKey).map(Option::label).orElse(optionKey);
    }
}
