package app.afterglow;

import app.afterglow.config.DiscordConfig;
import app.afterglow.core.Afterglow;
import app.afterglow.discord.DiscordBot;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Discord logging in on a thread of its own, so that it overlaps the storage opening, and so that
 * a login still retrying an unreachable Discord can be given up when the process is told to stop.
 * Made by {@code Main} as soon as the config is read: the thread makes the bot (JDA's classes
 * loaded, its client set up) while the program checks its data dir, and connects only once told
 * to ({@link #connect}), so that a second copy on the same data never connects; {@link #bot()}
 * completes with the bot, or fails with
 * {@link DiscordBot.TokenRefused} or the {@link InterruptedException} of a login given up.
 * Thread-safe.
 */
final class DiscordLogin {
    /** How long giving up waits for an attempt under way, which JDA does not interrupt, to end. */
    private static final long GIVE_UP_WAIT_SECONDS = 15;

    private final CompletableFuture<DiscordBot> bot = new CompletableFuture<>();
    private final CountDownLatch mayConnect = new CountDownLatch(1);
    private final PrintStream out;
    private final Thread thread;

    private DiscordLogin(DiscordConfig discord, CompletableFuture<Afterglow> core, PrintStream out) {
        this.out = out;
        thread = new Thread(() -> {
            try {
                bot.complete(DiscordBot.start(discord, core, mayConnect, invite -> out.println(
                        "[discord] Connected. To add the bot to your server, open this link and pick the server: " + invite)));
            } catch (DiscordBot.TokenRefused | InterruptedException | RuntimeException e) {
                bot.completeExceptionally(e);
            }
        }, "afterglow-discord-login");
        // A login retrying when everything else has stopped must not keep the process alive.
        thread.setDaemon(true);
    }

    /** Starts making the bot; it connects once {@link #connect} is called, and never if {@link #close} is first. */
    static DiscordLogin prepare(DiscordConfig discord, CompletableFuture<Afterglow> core, PrintStream out) {
        DiscordLogin login = new DiscordLogin(Objects.requireNonNull(discord, "discord"),
                Objects.requireNonNull(core, "core"), Objects.requireNonNull(out, "out"));
        login.thread.start();
        return login;
    }

    void connect() {
        out.println("[discord] Logging in to Discord…");
        mayConnect.countDown();
    }

    CompletableFuture<DiscordBot> bot() {
        return bot;
    }

    /** Stops retrying, if it still does; a bot that got in all the same completes {@link #bot()} as usual. */
    void giveUp() {
        thread.interrupt();
    }

    /** Gives up, and stops the bot if it got in: for when the core failed to start. */
    void close() {
        giveUp();
        try {
            bot.get(GIVE_UP_WAIT_SECONDS, TimeUnit.SECONDS).close();
        } catch (ExecutionException notStarted) {
            // Nothing was started, so nothing needs stopping.
        } catch (TimeoutException e) {
            // The daemon thread ends with the process; nothing it holds needs closing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
