package app.afterglow.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a person did, as an adapter hands it to the core inside a {@link Request}. */
public sealed interface Input {
    <R> R accept(Visitor<R> visitor);

    /** Does something for each kind of input: a new kind fails to compile until the core handles it. */
    interface Visitor<R> {
        R run(Run run);

        R say(Say say);

        R press(Press press);

        R answer(Answer answer);

        R retract(Retract retract);

        R revise(Revise revise);
    }

    /** A command, already parsed. */
    record Run(Command command) implements Input {
        public Run {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.run(this);
        }
    }

    /**
     * A plain-text reply in the person's private conversation (console, Matrix).
     *
     * @param replyingTo the step the person had been shown when they wrote, as their platform knows
     *                   it: the {@link app.afterglow.core.model.Focus#token()} of the message they
     *                   replied to with their client's reply feature, or of the step on screen at
     *                   their message's place in the conversation; {@link #NOTHING_SHOWN} (or any
     *                   token that names no step) when no step was. Empty when the platform cannot
     *                   tell: then the step last delivered to them counts.
     * @param source     the platform's id of the message, where the person can later delete it
     *                   ({@link Retract}); empty where they cannot
     */
    record Say(String text, Optional<String> replyingTo, Optional<String> source) implements Input {
        /** The token for "no check-in step was on screen". */
        public static final String NOTHING_SHOWN = "nothing";

        public Say {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(replyingTo, "replyingTo");
            Objects.requireNonNull(source, "source");
        }

        public Say(String text, Optional<String> replyingTo) {
            this(text, replyingTo, Optional.empty());
        }

        public Say(String text) {
            this(text, Optional.empty());
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.say(this);
        }
    }

    /**
     * The person deleted their message {@code source} (the {@link Say#source()} it came with): an
     * answer it gave to a check-in they have not sent yet is taken back.
     */
    record Retract(String source) implements Input {
        public Retract {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.retract(this);
        }
    }

    /**
     * The person edited their message {@code source} (the {@link Say#source()} it came with) to
     * read {@code text}: an answer it gave to a check-in they have not sent yet becomes that.
     */
    record Revise(String source, String text) implements Input {
        public Revise {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.revise(this);
        }
    }

    /** A button pressed; {@code ref} is the encoded reference the core put on the action, carried as it came. */
    record Press(String ref) implements Input {
        public Press {
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.press(this);
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

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.answer(this);
        }
    }
}
