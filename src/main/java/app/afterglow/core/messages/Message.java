package app.afterglow.core.messages;

import app.afterglow.core.model.Focus;
import app.afterglow.core.model.PersonId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bot says to one person, independent of any platform. Adapters render it; they add no
 * words of their own except how to use their controls.
 *
 * @param notice        the input it answers changed nothing, and this only says why (someone
 *                      else's button, a step that has passed): button platforms show it to the
 *                      actor alone and leave the pressed message as it was
 * @param ifUnreachable said instead, to whoever it names, when this message cannot reach its
 *                      recipient at all (their DMs are closed); then this one is dropped
 * @param shows         the check-in step this message puts on the recipient's screen, which their
 *                      typed replies answer once it is shown
 * @param ifBusy        said instead when, by the time it is delivered, the recipient is in the
 *                      middle of another check-in (or has moved past the step it shows): a
 *                      check-in someone else (or the schedule) opened announces itself and waits
 *                      rather than taking over their replies
 */
public record Message(PersonId to, List<Line> lines, Optional<Prompt> prompt, List<Action> actions,
                      Optional<Attachment> attachment, boolean notice, Optional<Message> ifUnreachable,
                      Optional<Focus> shows, Optional<Message> ifBusy) {
    public Message {
        Objects.requireNonNull(to, "to");
        lines = List.copyOf(lines);
        prompt = prompt == null ? Optional.empty() : prompt;
        actions = List.copyOf(actions);
        attachment = attachment == null ? Optional.empty() : attachment;
        ifUnreachable = ifUnreachable == null ? Optional.empty() : ifUnreachable;
        shows = shows == null ? Optional.empty() : shows;
        ifBusy = ifBusy == null ? Optional.empty() : ifBusy;
    }

    public Message(PersonId to, List<Line> lines, Optional<Prompt> prompt, List<Action> actions,
                   Optional<Attachment> attachment, boolean notice, Optional<Message> ifUnreachable) {
        this(to, lines, prompt, actions, attachment, notice, ifUnreachable, Optional.empty(), Optional.empty());
    }

    public Message(PersonId to, List<Line> lines, Optional<Prompt> prompt, List<Action> actions,
                   Optional<Attachment> attachment) {
        this(to, lines, prompt, actions, attachment, false, Optional.empty());
    }

    public static Message of(PersonId to, List<Line> lines) {
        return new Message(to, lines, Optional.empty(), List.of(), Optional.empty());
    }

    public static Message of(PersonId to, Line... lines) {
        return of(to, List.of(lines));
    }

    /** A message that only explains why nothing changed. */
    public static Message notice(PersonId to, Line... lines) {
        return new Message(to, List.of(lines), Optional.empty(), List.of(), Optional.empty(), true, Optional.empty());
    }

    public Message withActions(List<Action> more) {
        return new Message(to, lines, prompt, more, attachment, notice, ifUnreachable, shows, ifBusy);
    }

    public Message withFallback(Message fallback) {
        return new Message(to, lines, prompt, actions, attachment, notice, Optional.of(fallback), shows, ifBusy);
    }

    /** This message puts {@code step} on the recipient's screen. */
    public Message showing(Focus step) {
        return new Message(to, lines, prompt, actions, attachment, notice, ifUnreachable, Optional.of(step), ifBusy);
    }

    /** Delivered as {@code standIn} instead if the recipient is busy with another check-in by then. */
    public Message waitingIfBusy(Message standIn) {
        if (!standIn.to().equals(to)) {
            throw new IllegalArgumentException("a stand-in goes to the same person");
        }
        return new Message(to, lines, prompt, actions, attachment, notice, ifUnreachable, shows, Optional.of(standIn));
    }

    /** The same message, committed to being shown as it is. */
    public Message withoutStandIn() {
        return new Message(to, lines, prompt, actions, attachment, notice, ifUnreachable, shows, Optional.empty());
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
