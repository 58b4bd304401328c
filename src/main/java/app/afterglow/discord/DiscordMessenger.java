package app.afterglow.discord;

import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.store.OutboxEntry;
import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Delivers the core's queued messages as DMs from the bot. Each waits for the answers to
 * interactions opened before it ({@link RepliesInFlight}), so a person reads the answer to what
 * they did before what it caused, whichever delivery takes the message. Blocks on Discord's
 * answer, so call it from the core's dispatcher thread, never from a JDA callback. Keeps no state but the DM
 * channels it shares: thread-safe. JDA already waits out rate limits and retries server errors a
 * few times; what still fails in passing is left for the dispatcher to retry later. Any other 4xx
 * would be answered the same on every try: 50007 means the person's DMs are closed to the bot
 * (unreachable), the rest (an invalid body, an unknown user) mean Discord refuses the message.
 */
final class DiscordMessenger implements Messenger {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordMessenger.class);
    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,20}");
    /** How long a message waits for the answers before it; Discord gives an interaction 3 s. */
    private static final Duration ANSWERS_FIRST = Duration.ofSeconds(5);

    private final JDA jda;
    private final MessageRenderer renderer;
    private final DmChannels channels;
    private final RepliesInFlight answers;

    DiscordMessenger(JDA jda, MessageRenderer renderer, DmChannels channels, RepliesInFlight answers) {
        this.jda = Objects.requireNonNull(jda, "jda");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    @Override
    public Delivery deliver(OutboxEntry entry) {
        if (entry.recipient().platform() != Platform.DISCORD || !SNOWFLAKE.matcher(entry.recipient().id()).matches()) {
            LOG.error("outbox entry {} is not for a Discord user; it cannot be delivered here", entry.id());
            return Delivery.refused("not a Discord user");
        }
        awaitAnswersBefore();
        List<MessageRenderer.Piece> parts = renderer.pieces(entry.message());
        String recipient = entry.recipient().id();
        try {
            try {
                send(recipient, parts, entry.id());
            } catch (ErrorResponseException e) {
                if (e.getErrorResponse() != ErrorResponse.UNKNOWN_CHANNEL) {
                    throw e;
                }
                // The DM channel the bot kept is gone: one new channel, one more try.
                channels.forget(recipient);
                send(recipient, parts, entry.id());
            }
            return Delivery.DELIVERED;
        } catch (ErrorResponseException e) {
            return judged(entry, e);
        } catch (RuntimeException e) {
            LOG.warn("outbox entry {}: Discord could not be reached; will retry: {}", entry.id(),
                    SafeLog.describe(e, DiscordErrors::code));
            return Delivery.retry(e.getClass().getSimpleName());
        }
    }

    private void send(String recipient, List<MessageRenderer.Piece> parts, long entryId) {
        PrivateChannel channel = channels.open(jda, recipient);
        for (int i = 0; i < parts.size(); i++) {
            // Discord drops a create whose nonce it saw moments ago, so a retry after a lost
            // answer (or a crash before the outbox recorded the delivery) sends no duplicate.
            MessageRenderer.asNew(channel::sendMessage, parts.get(i)).setNonce(nonce(entryId, i)).complete();
        }
    }

    /**
     * Yes: each send waits for Discord's answer, a round trip of tens to hundreds of milliseconds;
     * JDA keeps to each route's rate limit across threads and {@link GlobalPace} to the global one;
     * the DM channels are shared safely.
     */
    @Override
    public boolean deliversToSeveralAtOnce() {
        return true;
    }

    /** Discord's answer as an outcome: a rate limit, a server error or no answer may pass; any other 4xx won't. */
    private static Delivery judged(OutboxEntry entry, ErrorResponseException e) {
        String code = DiscordErrors.code(e).orElseThrow();
        int status = DiscordErrors.status(e);
        if (status <= 0 || status == 429 || status >= 500) {
            LOG.warn("outbox entry {}: Discord answered {}; will retry", entry.id(), code);
            return Delivery.retry(code);
        }
        if (e.getErrorResponse() == ErrorResponse.CANNOT_SEND_TO_USER) {
            LOG.info("outbox entry {}: Discord user {} cannot receive DMs from the bot ({})", entry.id(),
                    entry.recipient().id(), code);
            return Delivery.unreachable(code);
        }
        LOG.warn("outbox entry {}: Discord refused it ({} {})", entry.id(), code, e.getErrorResponse());
        return Delivery.refused(code);
    }

    /** Stable per entry and part; Discord allows 25 characters. */
    static String nonce(long entryId, int part) {
        return "ag" + entryId + "-" + part;
    }

    private void awaitAnswersBefore() {
        try {
            if (!answers.awaitEarlier(ANSWERS_FIRST)) {
                LOG.info("an answer Discord has not taken after {} s; delivering anyway", ANSWERS_FIRST.toSeconds());
            }
        } catch (InterruptedException e) {
            // Stopping: JDA refuses what is sent now and the outbox keeps it for the next start.
            Thread.currentThread().interrupt();
        }
    }
}
