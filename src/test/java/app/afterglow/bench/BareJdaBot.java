package app.afterglow.bench;

import net.dv8tion.jda.api.GatewayEncoding;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

import java.util.EnumSet;

/**
 * The baseline the benchmark compares Afterglow with: a JDA bot that answers every interaction
 * at once, with no storage and no logic, configured as lean as JDA allows (no intents, no cache,
 * no compression). Run in its own JVM: {@code BareJdaBot <rest base url> <gateway url>}, token in
 * AFTERGLOW_DISCORD_TOKEN; it runs until the process is stopped.
 */
public final class BareJdaBot extends ListenerAdapter {
    private BareJdaBot() {
    }

    public static void main(String[] args) throws InterruptedException {
        String gateway = args[1];
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
                .addEventListeners(new BareJdaBot())
                .build();
        jda.awaitReady();
        System.out.println("READY");
        Thread.currentThread().join();
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        event.reply("ok").setEphemeral(true).queue();
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        event.reply("ok").setEphemeral(true).queue();
    }

    @Override
    public void onStringSelectInteraction(StringSelectInteractionEvent event) {
        event.reply("ok").setEphemeral(true).queue();
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        event.reply("ok").setEphemeral(true).queue();
    }
}
