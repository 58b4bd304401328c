package app.afterglow.matrix;

import app.afterglow.core.messages.Messenger;
import app.afterglow.core.store.OutboxEntry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivers the outbox on Matrix: each message to its person's DM room (opened if need be), with
 * transaction ids made from the entry's stable id, so a delivery retried after a crash or a lost
 * answer posts once. Rate limits, server errors, outages and the bot's own token being refused are
 * "try again"; a person the host does not allow, or one the homeserver will not let the bot reach,
 * is unreachable; a send refused with any other 4xx (a malformed or oversized event) would be
 * refused again, so it is refused for good. The core decides what anyone is told. The events that
 * show a check-in step are remembered, so a reply to one of them answers that step. An entry's last
 * send is noted while it is unanswered, so that send coming back in the sync tells the core the
 * entry arrived ({@link UnansweredSends}). Called by the dispatcher, for several recipients at
 * once; see {@link #deliversToSeveralAtOnce()}.
 */
final class MatrixMessenger implements Messenger {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixMessenger.class);

    private final Gatekeeper gate;
    private final DirectRooms dms;
    private final RoomSender sender;
    private final MessageContent content;
    private final Attachments attachments;
    private final MatrixState state;
    private final UnansweredSends unanswered;

    MatrixMessenger(Gatekeeper gate, DirectRooms dms, RoomSender sender, MessageContent content, Attachments attachments,
                    MatrixState state, UnansweredSends unanswered) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.dms = Objects.requireNonNull(dms, "dms");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.content = Objects.requireNonNull(content, "content");
        this.attachments = Objects.requireNonNull(attachments, "attachments");
        this.state = Objects.requireNonNull(state, "state");
        this.unanswered = Objects.requireNonNull(unanswered, "unanswered");
    }

    @Override
    public Delivery deliver(OutboxEntry entry) {
        String userId = entry.recipient().id();
        if (!gate.allows(userId)) {
            LOG.info("outbox entry {} is for someone the host does not allow", entry.id());
            return Delivery.unreachable("not allowed in this bot's config");
        }
        List<ObjectNode> texts = content.texts(entry.message());
        Optional<String> lastTxnId = entry.message().attachment().isPresent()
                ? Optional.of(TxnIds.outboxFile(entry.id()))
                : texts.isEmpty() ? Optional.empty() : Optional.of(TxnIds.outbox(entry.id(), texts.size() - 1));
        lastTxnId.ifPresent(txnId -> unanswered.sending(entry.id(), txnId));
        Delivery delivery = deliver(entry, texts);
        if (delivery.result() != Delivery.Result.RETRY) {
            lastTxnId.ifPresent(unanswered::answered);
        }
        return delivery;
    }

    /**
     * Yes: each send waits for the homeserver's answer, so one at a time a drain went at one
     * message a round trip for everyone. A recipient's messages all go to their own DM room on one
     * lane, so each room's events are still encrypted and posted in order; the encryption
     * serialises itself (a room key's message index is taken once, under its lock), and the posts
     * themselves, outside it, go side by side. The DM rooms, the rooms' members and encryption
     * state, and the unanswered sends are shared safely.
     */
    @Override
    public boolean deliversToSeveralAtOnce() {
        return true;
    }

    private Delivery deliver(OutboxEntry entry, List<ObjectNode> texts) {
        String userId = entry.recipient().id();
        try {
            String roomId = dms.roomFor(userId);
            try {
                send(roomId, entry, texts);
            } catch (MatrixException e) {
                if (!e.isRefused()) {
                    throw e;
                }
                // The bot is no longer in that room (the person left or removed it): one new DM, one more try.
                dms.forget(roomId);
                send(dms.roomFor(userId), entry, texts);
            }
            return Delivery.DELIVERED;
        } catch (MatrixException e) {
            // A 401 is about the bot's login, not this message: it goes once the bot is logged in again.
            if (e.isTransient() || e.isUnknownToken()) {
                LOG.warn("outbox entry {}: the homeserver answered {}; will retry", entry.id(), e.code());
                return e.retryAfter().map(wait -> Delivery.rateLimited(e.code(), wait))
                        .orElseGet(() -> Delivery.retry(e.code()));
            }
            if (e.isRefused()) {
                LOG.warn("outbox entry {} cannot reach {}: {}", entry.id(), userId, e.getMessage());
                return Delivery.unreachable(e.code());
            }
            LOG.error("outbox entry {} was refused: {}", entry.id(), e.getMessage());
            return Delivery.refused(e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
    }

    private void send(String roomId, OutboxEntry entry, List<ObjectNode> texts) throws InterruptedException {
        for (int part = 0; part < texts.size(); part++) {
            String txnId = TxnIds.outbox(entry.id(), part);
            // Before it goes: its echo in the sync may come back before this send is answered.
            entry.message().shows().ifPresent(step -> state.sending(roomId, txnId, step.token()));
            String eventId = sender.send(roomId, txnId, texts.get(part));
            // A reply made to this event with the client's reply feature answers the step it shows.
            entry.message().shows().ifPresent(step -> state.shown(roomId, eventId, step.token()));
        }
        if (entry.message().attachment().isPresent()) {
            attachments.send(roomId, entry.id(), entry.message().attachment().get());
        }
    }
}
