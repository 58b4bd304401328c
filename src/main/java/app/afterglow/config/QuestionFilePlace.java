package app.afterglow.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where in a question file a problem is: the file, then the set, question and option as far as
 * they are known, each by its id (an option by its key) or else by its number in its list.
 */
record QuestionFilePlace(String source, List<String> within) {
    static QuestionFilePlace file(String source) {
        return new QuestionFilePlace(source, List.of());
    }

    /** The {@code index}th item of a list, called {@code noun} (set, question, option). */
    QuestionFilePlace in(String noun, String id, int index) {
        List<String> deeper = new ArrayList<>(within);
        deeper.add(id == null || id.isBlank() ? noun + " " + (index + 1) : noun + " \"" + id + "\"");
        return new QuestionFilePlace(source, List.copyOf(deeper));
    }

    ConfigException problem(String text) {
        return new ConfigException(source + ": " + (within.isEmpty() ? "" : String.join(", ", within) + ": ") + text);
    }
}
