package app.afterglow.discord;

import app.afterglow.core.Afterglow;
import app.afterglow.core.Command;
import app.afterglow.core.Context;
import app.afterglow.core.Input;
import app.afterglow.core.Outcome;
import app.afterglow.core.Request;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.util.SafeLog;
import app.afterglow.discord.InteractionReplies.Acknowledged;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.GenericComponentInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns what people do on Discord into core inputs and says the core's answers back.
 *
 * <p>The core is asked on the adapter's single worker thread, at most once per interaction id
 * (Discord may deliver one twice), letting acknowledgements in flight go first when a backlog
 * has built up ({@link AcksFirst}).
 * When its answer is ready within {@link FirstResponse#WINDOW} it is the interaction's response,
 * one request; when it is not (a slow or locked disk, a backlog), the interaction is acknowledged
 * as the window closes, so Discord's 3-second limit holds however slow the disk is, and the answer
 * follows through the interaction's hook. The worker does not wait for Discord to take an answer:
 * while other interactions wait for it, an answer within the window is rendered and queued with
 * JDA on the replying thread, in the order the worker had them, while the worker goes on to the
 * next, at most {@link RepliesInFlight#LIMIT} answers ahead, so that in a burst the two overlap;
 * with none waiting and the replying thread idle, the worker renders and queues it itself.
 * {@link Deliveries} delivers what the core queued for others on a thread of its own once the
 * answers before it are out. An interaction whose acknowledgement Discord refuses before the work
 * starts is not handled at all, so Discord tells the person it failed and nothing has changed
 * behind their back.
 *
 * <p>A plain {@link EventListener}: JDA hands every listener every event on its event thread,
 * and a type switch costs nothing there, where {@code ListenerAdapter} walks each
 * event's class hierarchy reflectively, allocating as it goes.
 */
final class InteractionRouter implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionRouter.class);
    /** The most the worker waits for acknowledgements in flight before each piece of work. */
    private static final long YIELD_MILLIS = 50;
    /**
     * How many interactions must be waiting behind one for the worker to let acknowledgements in
     * flight go first: only a backlog makes storage work compete with them for the processor.
     * With none, the wait only delayed everyone (the load benchmark's worker spent about two
     * seconds a round waiting on opening forms).
     */
    private static final int BACKLOG = 8;

    private final CompletableFuture<Afterglow> afterglow;
    private final MessageRenderer renderer;
    private final InteractionReplies replies;
    private final RepliesInFlight answers;
    private final Deliveries deliveries;
    private final ExecutorService worker;
    private final ExecutorService replying;
    private final AcksFirst acks = new AcksFirst();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Answers handed to the replying thread and not yet queued with JDA; only the worker adds to them. */
    private final AtomicInteger handedOver = new AtomicInteger();

    /**
     * @param afterglow the core, done or still starting (its storage opening); the worker waits for it
     * @param answers    the answers under way, shared with {@code deliveries}
     * @param deliveries what delivers the core's queued messages after each interaction
     * @param worker     a single thread; the core is called on it
     * @param replying   a single thread; the answers the worker has within the window are made into
     *                   requests and queued with JDA on it, in the worker's order
     */
    InteractionRouter(CompletableFuture<Afterglow> afterglow, MessageRenderer renderer,
                      RepliesInFlight answers, Deliveries deliveries, ExecutorService worker,
                      ExecutorService replying) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.replies = new InteractionReplies(renderer);
        this.answers = Objects.requireNonNull(answers, "answers");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.replying = Objects.requireNonNull(replying, "replying");
    }

    @Override
    public void onEvent(GenericEvent event) {
        if (event instanceof ButtonInteractionEvent button) {
            onButton(button);
        } else if (event instanceof StringSelectInteractionEvent select) {
            onSelect(select);
        } else if (event instanceof ModalInteractionEvent modal) {
            onModal(modal);
        } else if (event instanceof SlashCommandInteractionEvent command) {
            onSlashCommand(command);
        }
    }

    private void onSlashCommand(SlashCommandInteractionEvent event) {
        boolean shared = event.isFromGuild();
        // A name this bot no longer registers (an old client's cache) gets the help instead.
        Command command = SlashCommands.toCommand(event.getInteraction()).orElseGet(Command.Help::new);
        accept(event, new Input.Run(command), Acknowledged.AS_NEW_REPLY, shared);
    }

    private void onButton(ButtonInteractionEvent event) {
        Optional<CustomIds.Control> control = CustomIds.decode(event.getComponentId());
        if (control.isPresent() && control.get() instanceof CustomIds.OpenText text) {
            // Opening the form changes nothing; the core checks the answer when it is sent. It goes
            // out the moment the click arrives, with nearly all of Discord's 3 seconds left, so the
            // worker does not yield to it as it does to an acknowledgement sent as a window closes
            // (AcksFirst): waiting for forms in flight held the worker back whenever eight people
            // were waiting, a brisk load and no one's time near running out.
            event.replyModal(renderer.modal(text)).queue(null, failure -> {
                LOG.warn("interaction {}: the answer form did not open: {}", event.getId(),
                        SafeLog.describe(failure, DiscordErrors::code));
            });
            return;
        }
        onControl(event, event.getComponentId(), List.of());
    }

    private void onSelect(StringSelectInteractionEvent event) {
        onControl(event, event.getComponentId(), event.getValues());
    }

    private void onModal(ModalInteractionEvent event) {
        boolean shared = event.isFromGuild();
        String text = Optional.ofNullable(event.getValue(CustomIds.TEXT_INPUT)).map(ModalMapping::getAsString).orElse("");
        Input input = CustomIds.input(event.getModalId(), List.of(text)).orElseGet(() -> new Input.Press(event.getModalId()));
        boolean onMessage = event.getMessage() != null && !shared;
        accept(event, input, onMessage ? Acknowledged.AS_UPDATE : Acknowledged.AS_NEW_REPLY, shared);
    }

    private void onControl(GenericComponentInteractionCreateEvent event, String customId, List<String> values) {
        Input input = CustomIds.input(customId, values).orElseGet(() -> new Input.Press(customId));
        accept(event, input, Acknowledged.AS_UPDATE, event.isFromGuild());
    }

    private void accept(IReplyCallback event, Input input, Acknowledged how, boolean shared) {
        if (worker.isShutdown()) {
            LOG.info("interaction {} arrived while stopping; not answered, nothing changed", event.getId());
            return;
        }
        PlatformUser actor = SlashCommands.person(event.getUser());
        FirstResponse first = new FirstResponse(event.getId(), () -> InteractionReplies.acknowledgement(event, how, shared),
                acks);
        try {
            waiting.incrementAndGet();
            worker.execute(() -> {
                try {
                    if (waiting.decrementAndGet() >= BACKLOG) {
                        acks.awaitNone(YIELD_MILLIS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    first.drop();
                    LOG.info("interaction {} arrived while stopping; not handled, nothing changed", event.getId());
                    return;
                }
                handle(event, first, actor, input, how, shared);
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            LOG.info("interaction {} arrived while stopping; not answered, nothing changed", event.getId());
            return;
        }
        // Scheduled after the work was queued, so a stopping worker never leaves an acknowledgement behind.
        event.getJDA().getGatewayPool().schedule(first::acknowledge, FirstResponse.WINDOW.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(IReplyCallback event, FirstResponse first, PlatformUser actor, Input input, Acknowledged how,
                        boolean shared) {
        CompletableFuture<Void> answer;
        try {
            answer = answers.open();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            first.drop();
            LOG.info("interaction {} arrived while stopping; not handled, nothing changed", event.getId());
            return;
        }
        boolean answering = false;
        try {
            if (first.refused()) {
                LOG.warn("interaction {} could not be acknowledged, so it was not handled", event.getId());
                return;
            }
            Context context = shared ? Context.SHARED_EPHEMERAL : Context.PRIVATE;
            Afterglow core;
            try {
                core = afterglow.join();
            } catch (CompletionException | CancellationException e) {
                first.drop();
                LOG.error("interaction {} not handled: the core did not start", event.getId());
                return;
            }
            Outcome outcome = core.handle(Request.once(actor, context, input, event.getId()));
            if (outcome.duplicate()) {
                LOG.debug("interaction {} was handled before; nothing changed", event.getId());
                // As the first delivery was, or its run stopped before it answered: acknowledged,
                // so that Discord does not show the person a failure for what did happen.
                first.acknowledge();
                return;
            }
            if (first.claim()) {
                answerInTurn(event, outcome.here(), how, shared, answer);
            } else {
                first.acknowledged().thenCompose(taken -> {
                    if (taken) {
                        return replies.send(event.getHook(), outcome.here(), how, shared);
                    }
                    LOG.warn("interaction {} was handled, but Discord did not take its acknowledgement, so the "
                            + "answer could not be shown", event.getId());
                    return CompletableFuture.completedFuture(null);
                }).whenComplete((done, failure) -> answer.complete(null));
            }
            answering = true;
            if (outcome.mailed()) {
                deliveries.after(core, event.getJDA(), actor, shared ? Optional.of(event.getHook()) : Optional.empty());
            }
        } catch (RuntimeException e) {
            first.drop();
            LOG.error("interaction {} failed: {}", event.getId(), SafeLog.describe(e, DiscordErrors::code));
        } finally {
            if (!answering) {
                answer.complete(null);
            }
        }
    }

    /**
     * Queues {@code here} with JDA after every answer the worker had before it. Handing it to the
     * replying thread costs that thread's wake-up, about a twentieth of a millisecond of a paced
     * interaction's median, which only pays while interactions wait for the worker; when none does
     * and nothing handed over is left, the worker queues it itself, still after all before it.
     */
    private void answerInTurn(IReplyCallback event, List<Message> here, Acknowledged how, boolean shared,
                              CompletableFuture<Void> answer) {
        if (waiting.get() == 0 && handedOver.get() == 0) {
            reply(event, here, how, shared, answer);
            return;
        }
        handedOver.incrementAndGet();
        try {
            replying.execute(() -> {
                try {
                    reply(event, here, how, shared, answer);
                } finally {
                    handedOver.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            handedOver.decrementAndGet();
            throw e;
        }
    }

    /** {@code here} as the interaction's response, which the worker claimed. */
    private void reply(IReplyCallback event, List<Message> here, Acknowledged how, boolean shared,
                       CompletableFuture<Void> answer) {
        try {
            replies.answer(event, here, how, shared).whenComplete((done, failure) -> answer.complete(null));
        } catch (RuntimeException e) {
            answer.complete(null);
            LOG.error("interaction {} was handled, but its answer could not be made: {}", event.getId(),
                    SafeLog.describe(e, DiscordErrors::code));
        }
    }
}
