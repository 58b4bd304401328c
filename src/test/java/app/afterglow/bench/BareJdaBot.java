package app.afterglow.bench;

import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.actionrow.ActionRowChildComponent;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The baseline the benchmark compares Afterglow with: a JDA bot that answers every interaction
 * at once, with no storage and no logic, configured as lean as JDA allows (no intents, no cache,
 * no compression). Run in its own JVM: {@code BareJdaBot <rest base url> <gateway url> [data dir]},
 * token in AFTERGLOW_DISCORD_TOKEN; it runs until the process is stopped.
 *
 * <p>Given a data directory it is the benchmark's floor bot: before each answer it keeps what
 * the person sent in a {@link SealedJournal} there, the least any bot that stores before it
 * answers must do, so the benchmark can tell what storing costs by itself from the rest.
 *
 * <p>It answers a slash command with a message the size and shape of one of Afterglow's
 * questions (a few lines, a row of number buttons and a row of actions), since a click carries
 * the message it was made on and JDA reads all of it before any listener runs: with a bare "ok"
 * under every click, the baseline would be timed on smaller interactions than Afterglow gets.
 */
public final class BareJdaBot extends ListenerAdapter {
    private static final MessageCreateData QUESTION_SIZED = questionSized();

    private final Optional<CompletableFuture<SealedJournal>> journal;

    private BareJdaBot(Optional<CompletableFuture<SealedJournal>> journal) {
        this.journal = journal;
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[1];
        // Opened while JDA logs in, as Afterglow opens its storage: the least a bot that stores
        // must add to its start, not more.
        Optional<CompletableFuture<SealedJournal>> journal = args.length > 2
                ? Optional.of(CompletableFuture.supplyAsync(() -> open(Path.of(args[2])), BareJdaBot::ownThread))
                : Optional.empty();
        JDA jda = JDABuilder.createLight(System.getenv("AFTERGLOW_DISCORD_TOKEN"), EnumSet.noneOf(GatewayIntent.class))
                .setRestConfig(new RestConfig().setBaseUrl(args[0]))
                .setSessionController(new ConcurrentSessionController() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setCompression(Compression.NONE)
                .setGatewayEncoding(GatewayEncoding.JSON)
                .addEventListeners(new BareJdaBot(journal))
                .build();
        jda.awaitReady();
        System.out.println("READY");
        Thread.currentThread().join();
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        kept(event, event.getCommandString());
        event.reply(QUESTION_SIZED).queue();
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        kept(event, event.getComponentId());
        event.reply("ok").setEphemeral(true).queue();
    }

    @Override
    public void onStringSelectInteraction(StringSelectInteractionEvent event) {
        kept(event, event.getComponentId() + " " + String.join(",", event.getValues()));
        event.reply("ok").setEphemeral(true).queue();
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        kept(event, event.getModalId() + " "
                + event.getValues().stream().map(ModalMapping::getAsString).collect(Collectors.joining("\n")));
        event.reply("ok").setEphemeral(true).queue();
    }

    /** Keeps what the person sent, as the floor bot does before answering; the bare bot keeps nothing. */
    private void kept(GenericInteractionCreateEvent event, String words) {
        if (journal.isEmpty()) {
            return;
        }
        try {
            journal.get().join().keep(event.getUser().getId(), words);
        } catch (Exception e) {
            throw new IllegalStateException("the floor bot could not keep an interaction", e);
        }
    }

    private static SealedJournal open(Path dir) {
        try {
            return new SealedJournal(dir);
        } catch (Exception e) {
            throw new IllegalStateException("the floor bot could not open its journal", e);
        }
    }

    private static void ownThread(Runnable task) {
        new Thread(task, "floor-journal-open").start();
    }

    private static MessageCreateData questionSized() {
        List<ActionRowChildComponent> numbers = new ArrayList<>();
        for (int n = 0; n <= 10; n++) {
            numbers.add(Button.secondary("a|" + n + "|c1.a.0", Integer.toString(n)));
        }
        List<ActionRow> rows = new ArrayList<>();
        for (int from = 0; from < numbers.size(); from += 5) {
            rows.add(ActionRow.of(numbers.subList(from, Math.min(numbers.size(), from + 5))));
        }
        rows.add(ActionRow.of(Button.secondary("p|c1.skip.0", "Skip"), Button.danger("p|c1.stop", "Stop for now")));
        return new MessageCreateBuilder()
                .setContent("**Aftercare with your partner · 1 of 7**\n"
                        + "Take your time; there's no rush. Skip anything you like.\n"
                        + "How does your body feel right now?\n-# 0 = Sore or uncomfortable · 10 = Really good")
                .setComponents(rows)
                .build();
    }
}
