package app.afterglow.discord;

import app.afterglow.core.Input;

import java.util.regex.Pattern;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The custom ids on the bot's buttons, select menus and modals: what a control does, and the
 * core's ref it carries. An id is only a pointer: whoever uses a control is checked by the core
 * every time, so an id forged or copied from someone else's message changes nothing it shouldn't.
 * Ids are stateless, so controls keep working across restarts. Pure functions; thread-safe.
 */
final class CustomIds {
    /** Discord's limit for every custom id. */
    static final int MAX_LENGTH = 100;
    /** The one text input of an answer modal. */
    static final String TEXT_INPUT = "answer";

    private static final char SEP = '|';
    /** A number carried in an id: an option's place, or a length limit. */
    private static final Pattern POSITION = Pattern.compile("\\d{1,4}");
    private static final String PRESS = "p";
    private static final String ANSWER = "a";
    private static final String CHOOSE = "s";
    private static final String PICK_ACTION = "x";
    private static final String OPEN_TEXT = "t";
    private static final String WRITTEN = "m";

    private CustomIds() {
    }

    /** What a control does when used. */
    sealed interface Control {
    }

    /** A button standing for one of the core's actions. */
    record Press(String ref) implements Control {
    }

    /** A button that answers the prompt {@code ref} with one value: an option number or a scale number. */
    record AnswerWith(String ref, String value) implements Control {
    }

    /** A select menu answering the prompt {@code ref} with the option numbers picked. */
    record Choose(String ref) implements Control {
    }

    /** A select menu of actions; the value picked is the action's ref. */
    record PickAction() implements Control {
    }

    /** The button that opens the modal for a free-text prompt; asks nothing of the core by itself. */
    record OpenText(String ref, int maxLength, String title) implements Control {
    }

    /** A submitted answer modal. */
    record Written(String ref) implements Control {
    }

    static String press(String ref) {
        return join(PRESS, checkedRef(ref));
    }

    static String answer(String ref, int value) {
        return join(ANSWER + SEP + value, checkedRef(ref));
    }

    static String choose(String ref) {
        return join(CHOOSE, checkedRef(ref));
    }

    /** {@code index} only keeps several action menus on one message apart. */
    static String pickAction(int index) {
        return join(PICK_ACTION, Integer.toString(index));
    }

    /** The title is cut to fit the id; the modal shows what is left of it. */
    static String openText(String ref, int maxLength, String title) {
        String head = OPEN_TEXT + SEP + maxLength + SEP + checkedRef(ref) + SEP;
        if (head.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a ref of " + ref.length() + " characters leaves no room in a custom id");
        }
        return head + DiscordText.cut(title, MAX_LENGTH - head.length());
    }

    static String written(String ref) {
        return join(WRITTEN, checkedRef(ref));
    }

    /** What the id means; empty for an id this bot never made (one from an older version, or forged). */
    static Optional<Control> decode(String id) {
        Objects.requireNonNull(id, "id");
        int first = id.indexOf(SEP);
        if (first < 0) {
            return Optional.empty();
        }
        String kind = id.substring(0, first);
        String rest = id.substring(first + 1);
        try {
            return switch (kind) {
                case PRESS -> nonEmpty(rest).map(Press::new);
                case CHOOSE -> nonEmpty(rest).map(Choose::new);
                case WRITTEN -> nonEmpty(rest).map(Written::new);
                case PICK_ACTION -> Optional.of(new PickAction());
                case ANSWER -> {
                    String[] parts = rest.split("\\|", 2);
                    yield parts.length == 2 && POSITION.matcher(parts[0]).matches()
                            ? nonEmpty(parts[1]).map(ref -> new AnswerWith(ref, parts[0])) : Optional.empty();
                }
                case OPEN_TEXT -> {
                    String[] parts = rest.split("\\|", 3);
                    yield parts.length == 3 && POSITION.matcher(parts[0]).matches() && !parts[1].isEmpty()
                            ? Optional.of(new OpenText(parts[1], Integer.parseInt(parts[0]), parts[2])) : Optional.empty();
                }
                default -> Optional.empty();
            };
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The core input a used control stands for, given what the person picked ({@code values}: a
     * select menu's values, or a modal's text). An unknown id is handed on as a press of itself,
     * so the core answers it as a button that no longer does anything. Empty for the text button,
     * which only opens a modal.
     */
    static Optional<Input> input(String id, List<String> values) {
        Optional<Control> control = decode(id);
        if (control.isEmpty()) {
            return Optional.of(new Input.Press(id));
        }
        Control c = control.get();
        if (c instanceof Press press) {
            return Optional.of(new Input.Press(press.ref()));
        } else if (c instanceof AnswerWith answer) {
            return Optional.of(new Input.Answer(answer.ref(), List.of(answer.value())));
        } else if (c instanceof Choose choose) {
            return Optional.of(new Input.Answer(choose.ref(), values));
        } else if (c instanceof PickAction) {
            return Optional.of(new Input.Press(values.isEmpty() ? id : values.get(0)));
        } else if (c instanceof Written written) {
            return Optional.of(new Input.Answer(written.ref(), values));
        }
        return Optional.empty();
    }

    private static Optional<String> nonEmpty(String ref) {
        return ref.isEmpty() ? Optional.empty() : Optional.of(ref);
    }

    private static String checkedRef(String ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref.isEmpty() || ref.indexOf(SEP) >= 0) {
            throw new IllegalArgumentException("a ref must be non-empty and free of '" + SEP + "'");
        }
        return ref;
    }

    private static String join(String head, String tail) {
        String id = head + SEP + tail;
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("custom id of " + id.length() + " characters; Discord allows " + MAX_LENGTH);
        }
        return id;
    }
}
