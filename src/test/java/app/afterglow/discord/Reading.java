package app.afterglow.discord;

import app.afterglow.discord.Shown.Control;
import app.afterglow.testing.ReviewItems;
import app.afterglow.testing.ReviewItems.Item;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a person reads in one {@link Shown} message, from its words and labels alone: which
 * check-in it is about (its title, and the handle its controls carry, which tells two check-ins
 * of the same title apart), and whether it asks a question, shows the review, reveals, says the
 * check-in closed or waits. Also what each of its controls means to the person, by its label.
 *
 * @param question the question shown, from 1; {@code size} how many the check-in asks (0 when it shows none)
 */
record Reading(Kind kind, String title, String partner, int question, int size, OptionalLong handle, List<String> lines) {
    enum Kind { QUESTION, REVIEW, REVEAL, WAITING, CLOSED, PAUSED, NEED, OTHER }

    static final String NOTHING_CHANGED = "nothing changed";
    /** How the bot says that an answer given to a paused check-in was not filed. */
    static final String NOT_SAVED = "answer wasn't saved";
    private static final Pattern TITLE = Pattern.compile("^\\*\\*(.+) with (\\S+?)(?: · (.+))?\\*\\*$");
    private static final Pattern POSITION = Pattern.compile("(\\d+) of (\\d+)");
    /** The check-in a control belongs to, as the bot wrote it into the control: an opaque handle to tell check-ins apart. */
    private static final Pattern HANDLE = Pattern.compile("(?:^|\\|)ci:(\\d+):");
    private static final Pattern SHARE_ONE = Pattern.compile("^Share (\\d+)$");
    private static final Pattern KEEP_ONE = Pattern.compile("^Keep (\\d+) private$");
    private static final Pattern CHANGE = Pattern.compile("^Change (\\d+)$");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String QUOTE = "> ";
    private static final String NOTE = "-# ";
    private static final String SO_FAR = "-# Your answer so far: ";
    private static final String SHARED = "-# 🤝 Shared, if your partner shares this one too";
    /** A need sent at once keeps its share choice, which the review names after the sending. */
    private static final Pattern SENT_SHARED = Pattern.compile("^-# 📨 Already sent to \\S+ · 🤝 Shared, if your partner shares this one too$");
    /** A need sent at once: its title names the sender. */
    private static final Pattern NEED = Pattern.compile("^\\*\\*(\\S+) could use, right now:\\*\\*$");
    private static final List<String> NOT_ANSWERS = List.of("Skip", "Back", "Stop for now", "Answer");

    /** What using a control does, as its label and its screen say. */
    sealed interface Meaning {
    }

    /** Answers the question on screen; {@code shown} is the answer as a review shows it. */
    record Give(String shown) implements Meaning {
    }

    record Skip() implements Meaning {
    }

    record Back() implements Meaning {
    }

    record Share(int item, boolean share) implements Meaning {
    }

    record ShareAll(boolean share) implements Meaning {
    }

    record Change(int item) implements Meaning {
    }

    record Submit() implements Meaning {
    }

    /** Pausing, picking up again and sending a need at once: controls that file no answer. */
    record Stop() implements Meaning {
    }

    record Resume() implements Meaning {
    }

    record SendNow() implements Meaning {
    }

    /** Anything the model leaves alone (continue, open it). */
    record Other(String label) implements Meaning {
    }

    static Reading of(Shown shown) {
        List<String> lines = List.of(shown.content().split("\n", -1));
        OptionalLong handle = OptionalLong.empty();
        for (Control c : shown.controls()) {
            List<String> ids = new ArrayList<>(List.of(c.customId()));
            c.choices().forEach(o -> ids.add(o.value()));
            for (String id : ids) {
                Matcher m = HANDLE.matcher(id);
                if (handle.isEmpty() && m.find()) {
                    handle = OptionalLong.of(Long.parseLong(m.group(1)));
                }
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher need = NEED.matcher(lines.get(i));
            if (need.matches()) {
                return new Reading(Kind.NEED, "", need.group(1), 0, 0, handle, List.copyOf(lines.subList(i, lines.size())));
            }
            Matcher title = TITLE.matcher(lines.get(i));
            if (!title.matches()) {
                continue;
            }
            String suffix = title.group(3) == null ? "" : title.group(3);
            Matcher position = POSITION.matcher(suffix);
            List<String> after = lines.subList(i, lines.size());
            Kind kind;
            int question = 0;
            int size = 0;
            if (position.matches()) {
                kind = Kind.QUESTION;
                question = Integer.parseInt(position.group(1));
                size = Integer.parseInt(position.group(2));
            } else {
                kind = switch (suffix) {
                    case "your answers before you send them" -> Kind.REVIEW;
                    case "what you both shared" -> Kind.REVEAL;
                    case "waiting for you" -> Kind.WAITING;
                    case "paused" -> Kind.PAUSED;
                    case "" -> shown.content().contains("This check-in has closed") ? Kind.CLOSED : Kind.OTHER;
                    default -> Kind.OTHER;
                };
            }
            return new Reading(kind, title.group(1), title.group(2), question, size, handle, List.copyOf(after));
        }
        return new Reading(Kind.OTHER, "", "", 0, 0, handle, lines);
    }

    boolean step() {
        return kind == Kind.QUESTION || kind == Kind.REVIEW;
    }

    /** The question's prompt, the line under the title. */
    String prompt() {
        return lines.size() > 1 ? lines.get(1) : "";
    }

    /** On a question: the answer given before, as the question shows it. */
    Optional<String> soFar() {
        return lines.stream().filter(l -> l.startsWith(SO_FAR)).findFirst().map(l -> l.substring(SO_FAR.length()));
    }

    List<Item> items() {
        return ReviewItems.read(lines, QUOTE, l -> l.equals(SHARED) || SENT_SHARED.matcher(l).matches()).items();
    }

    /** A need's words: its quoted lines. */
    String need() {
        return lines.stream().filter(l -> l.startsWith(QUOTE)).map(l -> l.substring(QUOTE.length())).collect(Collectors.joining("\n"));
    }

    /** A reveal's body: the lines between its title and its closing note. */
    List<String> revealed() {
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        if (!body.isEmpty() && body.get(body.size() - 1).startsWith(NOTE)) {
            body.remove(body.size() - 1);
        }
        return body;
    }

    /**
     * What {@code control} does on this screen, given the {@code values} picked in a menu or the
     * {@code text} written in its form.
     */
    Meaning meaning(Shown shown, Control control, List<String> values, String text) {
        String label = control.label();
        if (kind == Kind.REVIEW) {
            // A long review folds numbered actions into menus: the option picked is the action.
            String action = control.menu() && values.size() == 1
                    ? control.choice(values.get(0)).map(Shown.Choice::label).orElse("") : label;
            Matcher m;
            if ((m = SHARE_ONE.matcher(action)).matches()) {
                return new Share(Integer.parseInt(m.group(1)), true);
            } else if ((m = KEEP_ONE.matcher(action)).matches()) {
                return new Share(Integer.parseInt(m.group(1)), false);
            } else if ((m = CHANGE.matcher(action)).matches()) {
                return new Change(Integer.parseInt(m.group(1)));
            }
            return switch (action) {
                case "Share all" -> new ShareAll(true);
                case "Keep all private" -> new ShareAll(false);
                case "Submit" -> new Submit();
                default -> new Other(label);
            };
        }
        if (kind != Kind.QUESTION) {
            return new Other(label);
        }
        if (label.equals("Answer")) {
            return new Give(text);
        }
        if (label.equals("Skip")) {
            return new Skip();
        }
        if (label.equals("Back")) {
            return new Back();
        }
        if (!offersAnswer(control)) {
            return new Other(label);
        }
        List<String> picked = control.menu()
                ? values.stream().map(v -> control.choice(v).map(Shown.Choice::label).orElse("?" + v)).toList()
                : List.of(label);
        List<String> answers = answerLabels(shown);
        boolean scale = !answers.isEmpty() && answers.stream().allMatch(l -> NUMBER.matcher(l).matches());
        if (scale) {
            int max = answers.stream().mapToInt(Integer::parseInt).max().orElseThrow();
            return new Give(picked.get(0) + " of " + max);
        }
        return new Give(String.join(", ", picked));
    }

    /** On a question: whether {@code control} gives an answer — a menu, or any button but skip, back, stop, send now and the form's. */
    static boolean offersAnswer(Control control) {
        return control.menu() || !NOT_ANSWERS.contains(control.label()) && !control.label().startsWith("Send to ");
    }

    /** The labels of the answers a question offers: its answer buttons, or its menu's options. */
    private static List<String> answerLabels(Shown shown) {
        List<String> labels = new ArrayList<>();
        for (Control c : shown.controls()) {
            if (c.menu()) {
                c.choices().forEach(o -> labels.add(o.label()));
            } else if (offersAnswer(c)) {
                labels.add(c.label());
            }
        }
        return labels;
    }
}
