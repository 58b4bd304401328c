package app.afterglow.discord;

import app.afterglow.core.Afterglow;
import app.afterglow.core.Command;
import app.afterglow.core.Context;
import app.afterglow.core.Input;
import app.afterglow.core.Outcome;
import app.afterglow.core.Request;
import app.afterglow.core.messages.Messenger;
import app.afterglow.core.model.Platform;
import app.afterglow.core.model.PlatformUser;
import app.afterglow.core.util.SafeLog;
import app.afterglow.discord.InteractionReplies.Acknowledged;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns what people do on Discord into core inputs and says the core's answers back.
 *
 * <p>Every interaction is acknowledged first, straight from JDA's event thread and before any
 * storage is touched, so Discord's 3-second limit holds however slow the disk is: a deferred
 * ephemeral reply in a server, a deferred reply or update in the bot's DM. The core is then asked
 * on the adapter's single worker thread, at most once per interaction id (Discord may deliver one
 * twice), letting acknowledgements in flight go first ({@link AcksFirst}); its replies are sent
 * through the interaction's hook, and what it queued for others is delivered. An interaction that cannot be acknowledged is not handled at all, so Discord tells
 * the person it failed and nothing has changed behind their back.
 *
 * <p>A plain {@link EventListener}: JDA hands every listener every event on the thread that
 * acknowledges, and a type switch costs nothing there, where {@code ListenerAdapter} walks each
 * event's class hierarchy reflectively, allocating as it goes.
 */
final class InteractionRouter implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger(InteractionRouter.class);
    /** The most the worker waits for acknowledgements in flight before each piece of work. */
    private static final long YIELD_MILLIS = 50;

    private final CompletableFuture<Afterglow> afterglow;
    private final SlashCommands commands;
    private final MessageRenderer renderer;
    private final InteractionReplies replies;
    private final DmChannels channels;
    private final ExecutorService worker;
    private final AcksFirst acks = new AcksFirst();

    /**
     * @param afterglow the core, done or still starting (its storage opening); the worker waits for it
     * @param worker    a single thread; the core is called on it, and replies are sent from it in order
     */
    InteractionRouter(CompletableFuture<Afterglow> afterglow, SlashCommands commands, MessageRenderer renderer, DmChannels channels,
                      ExecutorService worker) {
        this.afterglow = Objects.requireNonNull(afterglow, "afterglow");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.replies = new InteractionReplies(renderer);
        this.channels = Objects.requireNonNull(channels, "channels");
        this.worker = Objects.requireNonNull(worker, "worker");
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
        Command command = commands.toCommand(event.getInteraction()).orElseGet(Command.Help::new);
        accept(event.getInteraction(), event.getHook(), event.deferReply(shared), new Input.Run(command),
                Acknowledged.AS_NEW_REPLY, shared);
    }

    private void onButton(ButtonInteractionEvent event) {
        Optional<CustomIds.Control> control = CustomIds.decode(event.getComponentId());
        if (control.isPresent() && control.get() instanceof CustomIds.OpenText text) {
            // Opening the form changes nothing; the core checks the answer when it is sent.
            acks.queued();
            event.replyModal(renderer.modal(text)).queue(opened -> acks.answered(), failure -> {
                acks.answered();
                LOG.warn("interaction {}: the answer form did not open: {}", event.getId(),
                        SafeLog.describe(failure, DiscordErrors::code));
            });
            return;
        }
        onControl(event.getInteraction(), event.getHook(), event.deferEdit(), event.getComponentId(), List.of(),
                event.isFromGuild());
    }

    private void onSelect(StringSelectInteractionEvent event) {
        onControl(event.getInteraction(), event.getHook(), event.deferEdit(), event.getComponentId(), event.getValues(),
                event.isFromGuild());
    }

    private void onModal(ModalInteractionEvent event) {
        boolean shared = event.isFromGuild();
        String text = Optional.ofNullable(event.getValue(CustomIds.TEXT_INPUT)).map(ModalMapping::getAsString).orElse("");
        Input input = CustomIds.input(event.getModalId(), List.of(text)).orElseGet(() -> new Input.Press(event.getModalId()));
        if (event.getMessage() != null && !shared) {
            accept(event.getInteraction(), event.getHook(), event.deferEdit(), input, Acknowledged.AS_UPDATE, false);
        } else {
            accept(event.getInteraction(), event.getHook(), event.deferReply(shared), input, Acknowledged.AS_NEW_REPLY, shared);
        }
    }

    private void onControl(Interaction interaction, InteractionHook hook, RestAction<?> ack, String customId,
                           List<String> values, boolean shared) {
        Input input = CustomIds.input(customId, values).orElseGet(() -> new Input.Press(customId));
        accept(interaction, hook, ack, input, Acknowledged.AS_UPDATE, shared);
    }

    private void accept(Interaction interaction, InteractionHook hook, RestAction<?> ack, Input input, Acknowledged how,
                        boolean shared) {
        if (worker.isShutdown()) {
            LOG.info("interaction {} arrived while stopping; not acknowledged, nothing changed", interaction.getId());
            return;
        }
        PlatformUser actor = SlashCommands.person(interaction.getUser());
        Runnable work = () -> {
            try {
                acks.awaitNone(YIELD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.info("interaction {} acknowledged while stopping; not handled, nothing changed", interaction.getId());
                return;
            }
            handle(interaction, hook, actor, input, how, shared);
        };
        acks.queued();
        ack.queue(acknowledged -> {
            acks.answered();
            submit(interaction, work);
        }, failure -> {
            acks.answered();
            if (failure instanceof ErrorResponseException error
                    && error.getErrorResponse() == ErrorResponse.INTERACTION_ALREADY_ACKNOWLEDGED) {
                // Delivered twice, or acknowledged by a run that stopped before handling it: the
                // core's record of handled interactions decides which.
                submit(interaction, work);
            } else {
                LOG.warn("interaction {} could not be acknowledged, so it was not handled: {}", interaction.getId(),
                        SafeLog.describe(failure, DiscordErrors::code));
            }
        });
    }

    private void submit(Interaction interaction, Runnable work) {
        try {
            worker.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.info("interaction {} acknowledged while stopping; not handled, nothing changed", interaction.getId());
        }
    }

    private void handle(Interaction interaction, InteractionHook hook, PlatformUser actor, Input input, Acknowledged how,
                        boolean shared) {
        try {
            Context context = shared ? Context.SHARED_EPHEMERAL : Context.PRIVATE;
            Afterglow core;
            try {
                core = afterglow.join();
            } catch (CompletionException | CancellationException e) {
                LOG.error("interaction {} acknowledged but not handled: the core did not start", interaction.getId());
                return;
            }
            Outcome outcome = core.handle(Request.once(actor, context, input, interaction.getId()));
            if (outcome.duplicate()) {
                LOG.debug("interaction {} was handled before; nothing changed", interaction.getId());
                return;
            }
            replies.send(hook, outcome.here(), how, shared);
            if (!deliver(core, interaction.getJDA(), actor) && shared) {
                replies.sendAside(hook, renderer.note("I couldn't send you a direct message: Discord says your DMs are "
                        + "closed to me. Allow direct messages from this server's members (in the server's Privacy "
                        + "Settings), then try again. Nothing was lost."));
            }
        } catch (RuntimeException e) {
            LOG.error("interaction {} failed after it was acknowledged: {}", interaction.getId(),
                    SafeLog.describe(e, DiscordErrors::code));
        }
    }

    /** Delivers what the core queued; returns whether the actor's own messages could reach them. */
    private boolean deliver(Afterglow core, JDA jda, PlatformUser actor) {
        Messenger messenger = new DiscordMessenger(jda, renderer, channels);
        Set<String> unreachable = ConcurrentHashMap.newKeySet();
        core.deliver(Platform.DISCORD, entry -> {
            Messenger.Delivery outcome = messenger.deliver(entry);
            if (outcome.result() == Messenger.Delivery.Result.UNREACHABLE) {
                unreachable.add(entry.recipient().id());
            }
            return outcome;
        });
        return !unreachable.contains(actor.id());
    }
}
