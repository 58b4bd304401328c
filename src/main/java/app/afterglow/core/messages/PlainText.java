package app.afterglow.core.messages;


import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a message as plain text for platforms where people answer by typing (the console, the
 * plain body of a Matrix message): options numbered, and what to reply spelled out.
 */
public final class PlainText {
    private final String commandPrefix;

    /** @param commandPrefix how commands are typed on the platform: "/" or "!afterglow " */
    public PlainText(String commandPrefix) {
        this.commandPrefix = Objects.requireNonNull(commandPrefix, "commandPrefix");
    }

    public List<String> lines(Message message) {
        List<String> out = new ArrayList<>();
        for (Line line : message.lines()) {
            String text = text(line);
            switch (line.style()) {
                case TITLE -> out.add("** " + text + " **");
                case QUOTE -> text.lines().forEach(l -> out.add("   > " + l));
                case NOTE -> out.add("   " + text);
                default -> out.addAll(text.lines().toList());
            }
        }
        message.prompt().ifPresent(prompt -> {
            for (int i = 0; i < prompt.options().size(); i++) {
                out.add("   " + (i + 1) + ". " + prompt.options().get(i));
            }
            out.add("   " + howToAnswer(prompt));
        });
        if (!message.actions().isEmpty()) {
            out.add("   " + (message.prompt().isPresent() ? "Or reply: " : "Reply: ") + String.join(" · ", words(message.actions())));
        }
        return out;
    }

    public String render(Message message) {
        return String.join("\n", lines(message));
    }

    /** The text of a line; a person's words are made inert again, in case the segment was built by hand. */
    public String text(Line line) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : line.segments()) {
            switch (s.source()) {
                case BOT -> sb.append(s.text());
                case COMMAND -> sb.append(commandPrefix).append(s.text());
                case PERSON -> sb.append(Segment.person(s.text()).text());
            }
        }
        return sb.toString();
    }

    /** The sentence that says how to answer a prompt by typing: also the HTML renderer's. */
    public static String howToAnswer(Prompt prompt) {
        return switch (prompt.type()) {
            case SCALE -> "Reply with a number from " + prompt.min() + " to " + prompt.max() + ".";
            case ONE -> "Reply with the number of your choice.";
            case MANY -> "Reply with one or more numbers, like 1 3.";
            case TEXT -> "Reply with your answer.";
        };
    }

    /**
     * The words to reply, commands with their prefix; ones that differ only by a number
     * ("share 1", "share 2") are written once, as "share N". Also the HTML renderer's.
     */
    public List<String> words(List<Action> actions) {
        Set<String> words = new LinkedHashSet<>();
        for (Action a : actions) {
            String word = a.word().matches(".*\\s\\d+") ? a.word().replaceAll("\\d+$", "N") : a.word();
            words.add(a.command() ? commandPrefix + word : word);
        }
        return new ArrayList<>(words);
    }
}
