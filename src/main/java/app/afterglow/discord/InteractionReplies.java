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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Says the core's replies where the person acted: as the interaction's own response when the
 * answer is ready in time ({@link #answer}), else through its hook after it was acknowledged
 * ({@link #send}). In a server channel everything is ephemeral and no shared message is ever
 * edited. In the bot's DM a reply to a button takes the place of the message the button was on,
 * so a check-in reads as one message moving forward, and a notice ("that isn't yours", "that step
 * has passed") is shown to the person alone, leaving that message as it was. Nothing here waits
 * for Discord: each method queues its requests with JDA and returns a future of their outcome, so
 * the adapter's worker goes on to the next interaction while Discord answers. Thread-safe.
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
    private record Part(MessageRenderer.Piece piece, boolean original, boolean ephemeral) {
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
     * Never blocks: the future completes once Discord has answered every request, each sent after
     * the one before it was taken, with whether the first response was.
     *
     * @param shared whether the interaction happened in a server channel, where only ephemeral
     *               replies are allowed
     */
    CompletableFuture<Boolean> answer(IReplyCallback event, List<Message> replies, Acknowledged how, boolean shared) {
        InteractionHook hook = event.getHook();
        List<Part> parts = parts(replies, how, shared);
        if (parts.isEmpty()) {
            // Silence (the core answers some inputs with none) still needs a response, or Discord
            // tells the person it failed; a reply acknowledged is then taken away again.
            CompletableFuture<Boolean> acknowledged = sent(() -> acknowledgement(event, how, shared), hook);
            return how == Acknowledged.AS_NEW_REPLY
                    ? acknowledged.thenCompose(taken -> taken ? sent(hook::deleteOriginal, hook).thenApply(deleted -> true)
                    : acknowledged)
                    : acknowledged;
        }
        Part first = parts.get(0);
        CompletableFuture<Boolean> answered = how == Acknowledged.AS_UPDATE && first.original()
                && event instanceof IMessageEditCallback update
                ? sent(() -> MessageRenderer.asEdit(update::editMessage, first.piece()), hook)
                : sent(() -> MessageRenderer.asNew(event::reply, first.piece()).setEphemeral(first.ephemeral()), hook);
        return answered.thenCompose(taken -> taken ? inTurn(hook, parts.subList(1, parts.size())).thenApply(rest -> true)
                : answered);
    }

    /**
     * Sends the replies through the hook of an interaction that was acknowledged as {@code how},
     * each after the one before it was taken. Never blocks.
     */
    CompletableFuture<Void> send(InteractionHook hook, List<Message> replies, Acknowledged how, boolean shared) {
        List<Part> parts = parts(replies, how, shared);
        if (parts.isEmpty() && how == Acknowledged.AS_NEW_REPLY) {
            // Nothing to say: don't leave "thinking…" behind.
            return sent(hook::deleteOriginal, hook).thenAccept(deleted -> { });
        }
        return inTurn(hook, parts);
    }

    /** Sends one extra ephemeral line of the adapter's own, such as how to open one's DMs. Never blocks. */
    CompletableFuture<Void> sendAside(InteractionHook hook, MessageCreateData message) {
        return sent(() -> hook.sendMessage(message).setEphemeral(true), hook).thenAccept(taken -> { });
    }

    /** Each part once the one before has been answered, whether or not Discord took it, as before. */
    private static CompletableFuture<Void> inTurn(InteractionHook hook, List<Part> parts) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Part part : parts) {
            chain = chain.thenCompose(before -> sent(() -> part.original()
                    ? MessageRenderer.asEdit(hook::editOriginal, part.piece())
                    : MessageRenderer.asNew(hook::sendMessage, part.piece()).setEphemeral(part.ephemeral()), hook))
                    .thenAccept(taken -> { });
        }
        return chain;
    }

    private List<Part> parts(List<Message> replies, Acknowledged how, boolean shared) {
        boolean anyNotice = replies.stream().anyMatch(Message::notice);
        boolean originalOpen = how == Acknowledged.AS_NEW_REPLY || (!shared && !anyNotice);
        List<Part> parts = new ArrayList<>();
        for (Message reply : replies) {
            for (MessageRenderer.Piece piece : renderer.pieces(reply)) {
                // A new reply is as ephemeral as the deferred one it stands for would have been.
                parts.add(new Part(piece, originalOpen, originalOpen ? shared : shared || reply.notice()));
                originalOpen = false;
            }
        }
        return parts;
    }

    /**
     * Makes the request and queues it; the future tells whether Discord took it, and never fails.
     * Made here, so that a message JDA refuses to build is reported like a request it refuses.
     */
    private static CompletableFuture<Boolean> sent(Supplier<RestAction<?>> request, InteractionHook hook) {
        try {
            return request.get().submit().handle((done, failure) -> {
                if (failure == null) {
                    return true;
                }
                Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure;
                if (cause instanceof ErrorResponseException e) {
                    LOG.warn("reply to interaction {} failed: Discord answered {} ({})", hook.getInteraction().getId(),
                            e.getErrorCode(), e.getErrorResponse());
                } else {
                    LOG.warn("reply to interaction {} failed: {}", hook.getInteraction().getId(),
                            SafeLog.describe(cause, DiscordErrors::code));
                }
                return false;
            });
        } catch (RuntimeException e) {
            // JDA refuses some requests before queueing them (one that can no longer be sent, say).
            LOG.warn("reply to interaction {} failed: {}", hook.getInteraction().getId(),
                    SafeLog.describe(e, DiscordErrors::code));
            return CompletableFuture.completedFuture(false);
        }
    }
}
