package app.afterglow.core.messages;

import app.afterglow.core.model.PersonId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bot says to one person, independent of any platform. Adapters render it; they add no
 * words of their own except how to use their controls.
 */
public record Message(PersonId to, List<Line> lines, Optional<Prompt> prompt, List<Action> actions,
                      Optional<Attachment> attachment) {
    public Message {
        Objects.requireNonNull(to, "to");
        lines = List.copyOf(lines);
        Objects.requireNonNull(prompt, "prompt");
        actions = List.copyOf(actions);
        Objects.requireNonNull(attachment, "attachment");
    }

    public static Message of(PersonId to, List<Line> lines) {
        return new Message(to, lines, Optional.empty(), List.of(), Optional.empty());
    }

    public static Message of(PersonId to, Line... lines) {
        return of(to, List.of(lines));
    }

    public Message withActions(List<Action> more) {
        return new Message(to, lines, prompt, more, attachment);
    }

    /** Whether answering or choosing happens through this message, so it belongs in a private conversation. */
    public boolean interactive() {
        return prompt.isPresent() || !actions.isEmpty();
    }

    /** All of the text, unescaped, for tests. */
    public String plain() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.plain()).append('\n'));
        prompt.ifPresent(p -> p.options().forEach(o -> sb.append(o).append('\n')));
        actions.forEach(a -> sb.append('[').append(a.label()).append("]\n"));
        return sb.toString();
    }
}
