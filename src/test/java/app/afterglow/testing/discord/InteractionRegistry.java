package app.afterglow.testing.discord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The interactions the stand-in dispatched and what became of them: whether the bot acknowledged
 * each, and which message is its "original" for webhook edits. Gateway, REST and test threads all
 * use it, under this object's lock.
 */
final class InteractionRegistry {
    /** Outcome of an interaction callback, in Discord's terms. */
    enum Ack { FIRST, ALREADY_ACKNOWLEDGED, UNKNOWN }

    /**
     * @param sourceMessageId the message whose component was used, 0 for commands and modals
     */
    record Interaction(long id, String token, int type, StandInChannel channel, long sourceMessageId) {
    }

    private final Map<Long, Interaction> byId = new HashMap<>();
    private final Map<String, Interaction> byToken = new HashMap<>();
    private final Set<Long> acknowledged = new HashSet<>();
    private final Map<Long, Long> originalMessage = new HashMap<>();
    private final Map<Long, List<Long>> followUps = new HashMap<>();

    synchronized void register(Interaction interaction) {
        byId.put(interaction.id(), interaction);
        byToken.put(interaction.token(), interaction);
        // A component interaction's original message is the one that carried the component.
        if (interaction.sourceMessageId() != 0) {
            originalMessage.put(interaction.id(), interaction.sourceMessageId());
        }
    }

    synchronized Optional<Interaction> byToken(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    synchronized Ack acknowledge(long id, String token) {
        Interaction interaction = byId.get(id);
        if (interaction == null || !interaction.token().equals(token)) {
            return Ack.UNKNOWN;
        }
        return acknowledged.add(id) ? Ack.FIRST : Ack.ALREADY_ACKNOWLEDGED;
    }

    synchronized void setOriginalMessage(Interaction interaction, long messageId) {
        originalMessage.put(interaction.id(), messageId);
    }

    synchronized Optional<Long> originalMessage(Interaction interaction) {
        return Optional.ofNullable(originalMessage.get(interaction.id()));
    }

    synchronized Optional<Long> originalMessage(long interactionId) {
        return Optional.ofNullable(originalMessage.get(interactionId));
    }

    synchronized void addFollowUp(Interaction interaction, long messageId) {
        followUps.computeIfAbsent(interaction.id(), id -> new ArrayList<>()).add(messageId);
    }

    /** The follow-up messages of an interaction, oldest first. */
    synchronized List<Long> followUps(long interactionId) {
        return List.copyOf(followUps.getOrDefault(interactionId, List.of()));
    }
}
