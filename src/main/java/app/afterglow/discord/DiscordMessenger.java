package app.afterglow.discord;

import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * Delivers the core's queued messages as DMs from the bot. Blocks on Discord's answer, so call
 * it from the core's dispatcher thread, never from a JDA callback. Holds no state of its own:
 * thread-safe. JDA already waits out rate limits and retries server errors a few times; what
 * still fails is left for the dispatcher to retry later.
 */
final class DiscordMessenger implements Messenger {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordMessenger.class);

    private final JDA jda;
    private final MessageRenderer renderer;

    DiscordMessenger(JDA jda, MessageRenderer renderer) {
        this.jda = Objects.requireNonNull(jda, "jda");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    @Override
    public Delivery deliver(OutboxEntry entry) {
        if (entry.recipient().platform() != Platform.DISCORD || !entry.recipient().id().matches("\\d{1,20}")) {
            LOG.error("outbox entry {} is not for a Discord user; it cannot be delivered here", entry.id());
            return Delivery.UNREACHABLE;
        }
        List<MessageCreateData> parts = renderer.render(entry.message());
        try {
            PrivateChannel channel = jda.openPrivateChannelById(entry.recipient().id()).complete();
            for (int i = 0; i < parts.size(); i++) {
                // Discord drops a create whose nonce it saw moments ago, so a retry after a lost
                // answer (or a crash before the outbox recorded the delivery) sends no duplicate.
                channel.sendMessage(parts.get(i)).setNonce(nonce(entry.id(), i)).complete();
            }
            return Delivery.DELIVERED;
        } catch (ErrorResponseException e) {
            ErrorResponse error = e.getErrorResponse();
            if (error == ErrorResponse.CANNOT_SEND_TO_USER || error == ErrorResponse.UNKNOWN_USER) {
                LOG.info("outbox entry {}: Discord user {} cannot receive DMs from the bot ({})", entry.id(),
                        entry.recipient().id(), error.getCode());
                return Delivery.UNREACHABLE;
            }
            LOG.warn("outbox entry {}: Discord answered {} ({}); will retry", entry.id(), e.getErrorCode(), error);
            return Delivery.RETRY;
        } catch (RuntimeException e) {
            LOG.warn("outbox entry {}: Discord could not be reached; will retry: {}", entry.id(), SafeLog.describe(e));
            return Delivery.RETRY;
        }
    }

    /** Stable per entry and part; Discord allows 25 characters. */
    static String nonce(long entryId, int part) {
        return "ag" + entryId + "-" + part;
    }
}
