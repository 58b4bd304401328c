package app.afterglow.discord;

import app.afterglow.core.messages.Message;
import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IMessageEditCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Says the core's replies where the person acted: as the interaction's own response when the
 * answer is ready in time ({@link #answer}), else through its hook after it was acknowledged
 * ({@link #send}). In a server channel everything is ephemeral and no shared message is ever
 * edited. In the bot's DM a reply to a button takes the place of the message the button was on,
 * so a check-in reads as one message moving forward, and a notice ("that isn't yours", "that step
 * has passed") is shown to the person alone, leaving that message as it was. Blocks on Discord's
 * answers: call it from the adapter's worker thread only.
 */
final class InteractionReplies {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionReplies.class);

    /** How the interaction is acknowledged, which decides what its first response and its hook can do. */
    enum Acknowledged {
        /** With a (deferred) reply: a new message, the "original" that the answer fills. */
        AS_NEW_REPLY,
        /** With a (deferred) update of the message whose control was used; only for interactions on a message. */
        AS_UPDATE
    }

    /**
     * One message to send.
     *
     * @param original  whether it fills the interaction's original message (the reply, or the
     *                  message whose control was used) rather than coming after it
     * @param ephemeral whether only the person who acted sees it
     */
    private record Part(MessageCreateData data, boolean original, boolean ephemeral) {
    }

    private final MessageRenderer renderer;

    InteractionReplies(MessageRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /** The acknowledgement that lets {@link #send} follow: a deferred ephemeral reply in a server. */
    static RestAction<?> acknowledgement(IReplyCallback event, Acknowledged how, boolean shared) {
        return how == Acknowledged.AS_UPDATE && event instanceof IMessageEditCallback update
                ? update.deferEdit() : event.deferReply(shared);
    }

    /**
     * Answers an interaction not yet responded to: the first part as its response, the rest as
     * follow-ups. One request, where acknowledging first took two, unless there is nothing to say.
     *
     * @param shared whether the interaction happened in a server channel, where only ephemeral
     *               replies are allowed
     */
    void answer(IReplyCallback event, List<Message> replies, Acknowledged how, boolean shared) {
        InteractionHook hook = event.getHook();
        List<Part> parts = parts(replies, how, shared);
        if (parts.isEmpty()) {
            // Silence (the core answers some inputs with none) still needs a response, or Discord
            // tells the person it failed; a reply acknowledged is then taken away again.
            boolean acknowledged = run(() -> acknowledgement(event, how, shared).complete(), hook);
            if (acknowledged && how == Acknowledged.AS_NEW_REPLY) {
                run(() -> hook.deleteOriginal().complete(), hook);
            }
            return;
        }
        Part first = parts.get(0);
        boolean answered = how == Acknowledged.AS_UPDATE && first.original() && event instanceof IMessageEditCallback update
                ? run(() -> update.editMessage(MessageRenderer.asEdit(first.data())).complete(), hook)
                : run(() -> event.reply(first.data()).setEphemeral(first.ephemeral()).complete(), hook);
        if (answered) {
            parts.subList(1, parts.size()).forEach(part -> followUp(hook, part));
        }
    }

    /** Sends the replies through the hook of an interaction that was acknowledged as {@code how}. */
    void send(InteractionHook hook, List<Message> replies, Acknowledged how, boolean shared) {
        List<Part> parts = parts(replies, how, shared);
        for (Part part : parts) {
            if (part.original()) {
                run(() -> hook.editOriginal(MessageRenderer.asEdit(part.data())).complete(), hook);
            } else {
                followUp(hook, part);
            }
        }
        if (parts.isEmpty() && how == Acknowledged.AS_NEW_REPLY) {
            // Nothing to say: don't leave "thinking…" behind.
            run(() -> hook.deleteOriginal().complete(), hook);
        }
    }

    /** Sends one extra ephemeral line of the adapter's own, such as how to open one's DMs. */
    void sendAside(InteractionHook hook, MessageCreateData message) {
        run(() -> hook.sendMessage(message).setEphemeral(true).complete(), hook);
    }

    private List<Part> parts(List<Message> replies, Acknowledged how, boolean shared) {
        boolean anyNotice = replies.stream().anyMatch(Message::notice);
        boolean originalOpen = how == Acknowledged.AS_NEW_REPLY || (!shared && !anyNotice);
        List<Part> parts = new ArrayList<>();
        for (Message reply : replies) {
            for (MessageCreateData data : renderer.render(reply)) {
                // A new reply is as ephemeral as the deferred one it stands for would have been.
                parts.add(new Part(data, originalOpen, originalOpen ? shared : shared || reply.notice()));
                originalOpen = false;
            }
        }
        return parts;
    }

    private static void followUp(InteractionHook hook, Part part) {
        run(() -> hook.sendMessage(part.data()).setEphemeral(part.ephemeral()).complete(), hook);
    }

    /** Whether Discord took it. */
    private static boolean run(Runnable send, InteractionHook hook) {
        try {
            send.run();
            return true;
        } catch (ErrorResponseException e) {
            LOG.warn("reply to interaction {} failed: Discord answered {} ({})", hook.getInteraction().getId(),
                    e.getErrorCode(), e.getErrorResponse());
        } catch (RuntimeException e) {
            LOG.warn("reply to interaction {} failed: {}", hook.getInteraction().getId(),
                    SafeLog.describe(e, DiscordErrors::code));
        }
        return false;
    }
}
