package app.afterglow.discord;

import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one first response Discord allows an interaction: the answer itself, when the core has it
 * while the {@link #WINDOW} is open, or else an acknowledgement sent when the window closes, with
 * the answer following as an edit. One request where acknowledging and then editing took two is
 * half of Discord's work per interaction, and of the bot's. The worker and the timer race for the
 * response and exactly one of them sends it. Thread-safe.
 */
final class FirstResponse {
    /**
     * Half of Discord's 3 s. The other half is for what the bot cannot see: the dispatch's way to
     * it, JDA's request queue and the acknowledgement's way back, on a host that may be busy.
     */
    static final Duration WINDOW = Duration.ofMillis(1500);
    /**
     * How long an answer waits for Discord to take the acknowledgement before it edits. JDA
     * itself gives an interaction's hook 10 s to become usable.
     */
    private static final long ACKNOWLEDGEMENT_WAIT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(FirstResponse.class);

    private enum State { OPEN, ANSWERING, ACKNOWLEDGING, DROPPED }

    /** What Discord made of the acknowledgement. */
    private enum Taken { YES, BEFORE, REFUSED }

    private final String interactionId;
    private final Supplier<RestAction<?>> acknowledgement;
    private final AcksFirst acks;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final CompletableFuture<Taken> taken = new CompletableFuture<>();

    /** @param acknowledgement the deferred reply or update that acknowledges the interaction */
    FirstResponse(String interactionId, Supplier<RestAction<?>> acknowledgement, AcksFirst acks) {
        this.interactionId = Objects.requireNonNull(interactionId, "interactionId");
        this.acknowledgement = Objects.requireNonNull(acknowledgement, "acknowledgement");
        this.acks = Objects.requireNonNull(acks, "acks");
    }

    /** Sends the acknowledgement unless the answer, or nothing, was chosen already; never blocks. */
    void acknowledge() {
        if (!state.compareAndSet(State.OPEN, State.ACKNOWLEDGING)) {
            return;
        }
        acks.queued();
        acknowledgement.get().queue(done -> {
            acks.answered();
            taken.complete(Taken.YES);
        }, failure -> {
            acks.answered();
            if (failure instanceof ErrorResponseException error
                    && error.getErrorResponse() == ErrorResponse.INTERACTION_ALREADY_ACKNOWLEDGED) {
                // Delivered twice, or acknowledged by a run that stopped before it answered: the
                // core's record of handled interactions decides whether anything happens.
                LOG.debug("interaction {} was acknowledged before", interactionId);
                taken.complete(Taken.BEFORE);
            } else {
                LOG.warn("interaction {} could not be acknowledged: {}", interactionId,
                        SafeLog.describe(failure, DiscordErrors::code));
                taken.complete(Taken.REFUSED);
            }
        });
    }

    /** Whether the caller may send the answer as the first response: the window is still open. */
    boolean claim() {
        return state.compareAndSet(State.OPEN, State.ANSWERING);
    }

    /** No response at all, so Discord tells the person it failed: for an interaction not handled. */
    void drop() {
        state.compareAndSet(State.OPEN, State.DROPPED);
    }

    /** Whether the acknowledgement went out and Discord refused it, so the interaction is to be left alone. */
    boolean refused() {
        return taken.getNow(Taken.YES) == Taken.REFUSED;
    }

    /**
     * Whether the acknowledgement sent when the window closed was taken, so the interaction's hook
     * can now edit and follow up; false if Discord refused it or has not answered within JDA's own
     * wait for a hook. Call it only when {@link #claim()} failed. Never blocks.
     */
    CompletableFuture<Boolean> acknowledged() {
        return taken.copy().orTimeout(ACKNOWLEDGEMENT_WAIT_SECONDS, TimeUnit.SECONDS)
                .handle((outcome, timedOut) -> outcome == Taken.YES);
    }
}
