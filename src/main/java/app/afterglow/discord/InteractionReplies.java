package app.afterglow.discord;

import app.afterglow.core.messages.Message;
import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * Says the core's replies where the person acted, through the interaction's hook, after the
 * interaction was acknowledged. In a server channel everything is ephemeral and no shared
 * message is ever edited. In the bot's DM a reply to a button takes the place of the message
 * the button was on, so a check-in reads as one message moving forward, and a notice ("that
 * isn't yours", "that step has passed") is shown to the person alone, leaving that message as
 * it was. Blocks on Discord's answers: call it from the adapter's worker thread only.
 */
final class InteractionReplies {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionReplies.class);

    /** How the interaction was acknowledged, which decides what its hook can do. */
    enum Acknowledged {
        /** With a deferred reply: the "thinking…" original is there to be replaced. */
        AS_NEW_REPLY,
        /** With a deferred update of the message whose control was used. */
        AS_UPDATE
    }

    private final MessageRenderer renderer;

    InteractionReplies(MessageRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /**
     * @param shared whether the interaction happened in a server channel, where only ephemeral
     *               replies are allowed
     */
    void send(InteractionHook hook, List<Message> replies, Acknowledged how, boolean shared) {
        boolean anyNotice = replies.stream().anyMatch(Message::notice);
        boolean originalOpen = how == Acknowledged.AS_NEW_REPLY || (!shared && !anyNotice);
        for (Message reply : replies) {
            for (MessageCreateData part : renderer.render(reply)) {
                if (originalOpen) {
                    originalOpen = false;
                    run(() -> hook.editOriginal(MessageRenderer.asEdit(part)).complete(), hook);
                } else {
                    boolean ephemeral = shared || reply.notice();
                    run(() -> hook.sendMessage(part).setEphemeral(ephemeral).complete(), hook);
                }
            }
        }
        if (originalOpen && how == Acknowledged.AS_NEW_REPLY) {
            // Nothing to say (the core answers some inputs with silence): don't leave "thinking…" behind.
            run(() -> hook.deleteOriginal().complete(), hook);
        }
    }

    /** Sends one extra ephemeral line of the adapter's own, such as how to open one's DMs. */
    void sendAside(InteractionHook hook, MessageCreateData message) {
        run(() -> hook.sendMessage(message).setEphemeral(true).complete(), hook);
    }

    private static void run(Runnable send, InteractionHook hook) {
        try {
            send.run();
        } catch (ErrorResponseException e) {
            LOG.warn("reply to interaction {} failed: Discord answered {} ({})", hook.getInteraction().getId(),
                    e.getErrorCode(), e.getErrorResponse());
        } catch (RuntimeException e) {
            LOG.warn("reply to interaction {} failed: {}", hook.getInteraction().getId(),
                    SafeLog.describe(e, DiscordErrors::code));
        }
    }
}
