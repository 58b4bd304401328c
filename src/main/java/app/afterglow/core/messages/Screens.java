package app.afterglow.core.messages;

import java.util.Optional;

/**
 * What each person has on their screen, kept as messages reach them: the {@link Dispatcher} asks
 * before it first delivers a message that may wait ({@link Message#ifBusy()}) and reports every
 * delivery. Called inside a transaction.
 */
public interface Screens {
    /**
     * What to deliver of {@code message} now that it is about to be shown: itself (committed, its
     * stand-in dropped); its stand-in, when the recipient is busy elsewhere or has moved past the
     * step it shows; or nothing, when that check-in no longer takes their answers.
     */
    Optional<Message> beforeShowing(Message message);

    /** {@code message} reached its recipient: what it shows is now on their screen. */
    void shown(Message message);
}
