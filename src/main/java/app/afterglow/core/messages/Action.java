package app.afterglow.core.messages;

import java.util.Objects;

/**
 * Something the person can do next. Button platforms show {@code label} and send {@code ref}
 * back as {@code Input.Press}; text platforms tell the person to reply {@code word}. Neither the
 * ref nor the word carries authority: the core checks who acts every time.
 */
public record Action(String label, String word, String ref, Kind kind) {
    public enum Kind { PRIMARY, SECONDARY, SUCCESS, DANGER }

    public Action {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(kind, "kind");
    }
}
