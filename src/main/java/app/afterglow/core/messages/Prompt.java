package app.afterglow.core.messages;

import app.afterglow.core.questions.QuestionType;

import java.util.List;
import java.util.Objects;

/**
 * The question a message asks. Button platforms answer it with {@code Input.Answer(ref, values)}:
 * option numbers (1-based) for choices, the number for a scale, the text for free text. Text
 * platforms answer it by replying.
 *
 * @param ref       opaque; identifies the check-in and the question, so a stale answer is caught
 * @param options   option labels, numbered from 1 in this order
 * @param maxLength for TEXT
 */
public record Prompt(String ref, QuestionType type, String question, List<String> options, int min, int max,
                     String minLabel, String maxLabel, int maxLength) {
    public Prompt {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(question, "question");
        options = List.copyOf(options);
    }
}
