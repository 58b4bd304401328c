package app.afterglow.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a person did, as an adapter hands it to the core. */
public sealed interface Input {
    /** A command, already parsed. */
    record Run(Command command) implements Input {
        public Run {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * A plain-text reply in the person's private conversation (console, Matrix).
     *
     * @param replyingTo the {@link app.afterglow.core.model.Focus#token()} of the message the
     *                   person replied to with their client's reply feature, if the platform has one
     */
    record Say(String text, Optional<String> replyingTo) implements Input {
        public Say {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(replyingTo, "replyingTo");
        }

        public Say(String text) {
            this(text, Optional.empty());
        }
    }

    /** A button pressed; {@code ref} is the one the core put on the action. */
    record Press(String ref) implements Input {
        public Press {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * An answer given through a platform control (buttons, a select menu, a modal) to the prompt
     * with {@code ref}: option numbers from 1, the scale number, or the text.
     */
    record Answer(String ref, List<String> values) implements Input {
        public Answer {
            Objects.requireNonNull(ref, "ref");
            values = List.copyOf(values);
        }
    }
}
