package app.afterglow.discord;

import app.afterglow.core.util.SafeLog;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps Discord's list of the bot's commands current: globally (for the bot's DM) once the bot is
 * ready (by shard 0 alone when sharded, as it is the shard that gets the DMs), and for each server
 * when it becomes available at start-up or when the bot joins it later, so the commands show there
 * at once. Each registration replaces the previous list in bulk, which Discord treats as unchanged
 * when nothing changed. Never blocks: each registration is made on JDA's callback pool, not on the
 * event thread that reads the gateway, where at start-up turning the lists into a request held up
 * the first interaction behind them. The start's registrations wait a moment after the bot is
 * ready ({@code afterStart}): the lists registered by the last start are still in place meanwhile,
 * and on a small machine whose processors are both busy starting, turning the lists into requests
 * (classes loaded and JSON made for the first time) otherwise delayed the first answers. A server
 * joined later is registered at once. A plain {@link EventListener}, since it hears every
 * interaction too (see {@link InteractionRouter}).
 */
final class CommandRegistration implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRegistration.class);

    /** Done once the core is, whose question sets {@code /checkin} offers; if the core fails, nothing is registered. */
    private final CompletableFuture<SlashCommands> commands;

    private final Duration afterStart;

    CommandRegistration(CompletableFuture<SlashCommands> commands, Duration afterStart) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.afterStart = Objects.requireNonNull(afterStart, "afterStart");
    }

    @Override
    public void onEvent(GenericEvent event) {
        if (event instanceof ReadyEvent ready && ready.getJDA().getShardInfo().getShardId() == 0) {
            JDA jda = ready.getJDA();
            register(jda, afterStart, known -> jda.updateCommands().addCommands(known.forDirectMessages()).queue(
                    registered -> LOG.info("registered {} commands for direct messages", registered.size()),
                    failure -> LOG.error("registering the commands for direct messages failed: {}",
                            SafeLog.describe(failure, DiscordErrors::code))));
        } else if (event instanceof GuildReadyEvent guildReady) {
            register(guildReady.getGuild(), afterStart);
        } else if (event instanceof GuildJoinEvent join) {
            register(join.getGuild(), Duration.ZERO);
        }
    }

    private void register(Guild guild, Duration after) {
        register(guild.getJDA(), after, known -> guild.updateCommands().addCommands(known.forGuilds()).queue(
                registered -> LOG.info("registered {} commands in server {}", registered.size(), guild.getId()),
                failure -> LOG.error("registering the commands in server {} failed: {}", guild.getId(),
                        SafeLog.describe(failure, DiscordErrors::code))));
    }

    /**
     * Runs {@code registration} on JDA's callback pool once the commands are known and {@code after}
     * has passed, unless the bot has stopped by then: it registers nothing, and logs no failure.
     */
    private void register(JDA jda, Duration after, Consumer<SlashCommands> registration) {
        Executor pool = after.isZero() ? jda.getCallbackPool()
                : CompletableFuture.delayedExecutor(after.toMillis(), TimeUnit.MILLISECONDS, jda.getCallbackPool());
        commands.thenAcceptAsync(known -> {
            JDA.Status status = jda.getStatus();
            if (status != JDA.Status.SHUTTING_DOWN && status != JDA.Status.SHUTDOWN) {
                registration.accept(known);
            }
        }, pool);
    }
}
