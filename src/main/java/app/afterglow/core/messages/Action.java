package app.afterglow.core.messages;

import java.util.Objects;

/**
 * Something the person can do next. Button platforms show {@code label} and send {@code ref}
 * back as a press; text platforms tell the person to reply {@code word} — written as a command
 * of that platform when {@code command} is set. Neither the ref nor the word carries authority:
 * the core checks who acts every time.
 */
public record Action(String label, String word, boolean command, String ref, Kind kind) {
    public enum Kind { PRIMARY, SECONDARY, SUCCESS, DANGER }

    public Action {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(kind, "kind");
    }

    public static Action reply(String label, String word, String ref, Kind kind) {
        return new Action(label, word, false, ref, kind);
    }

    public static Action command(String label, String command, String ref, Kind kind) {
        return new Action(label, command, true, ref, kind);
    }
}
