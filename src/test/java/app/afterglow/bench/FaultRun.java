package app.afterglow.bench;

import app.afterglow.testing.ScratchDir;
import app.afterglow.testing.discord.DiscordStandIn;
import app.afterglow.testing.discord.StandInUser;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fault runs' set-up, as a JUnit extension on a {@code @RegisterExtension} field: before each
 * test a Discord stand-in with the run's couples ({@link Load}), a prober for readiness, the
 * interactions timed from the start, and a thread for each person; {@link #startBot} starts
 * Afterglow in a child JVM as {@link Bots#afterglow} does and waits until it answers. After the
 * test, every bot it started is stopped (a killed one is only reaped), the threads are ended,
 * the stand-in closed and the directory deleted. Lives here rather than in {@code testing}
 * because the load, the child JVM and the timing are the bench's own. Used from the test thread.
 */
final class FaultRun implements BeforeEachCallback, AfterEachCallback {
    private final int couples;
    private final List<ChildJvm> bots = new ArrayList<>();
    private Path dir;
    private DiscordStandIn standIn;
    private Load load;
    private StandInUser prober;
    private Interactions timed;
    private ExecutorService people;

    FaultRun(int couples) {
        this.couples = couples;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = ScratchDir.create("afterglow-fault-run");
        standIn = DiscordStandIn.start();
        load = new Load(standIn, couples);
        prober = standIn.addUser("prober");
        timed = new Interactions();
        standIn.observe(timed);
        // One for every person, and one for what the run does to the bot meanwhile (cuts, locks).
        people = Executors.newFixedThreadPool(2 * couples + 1);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            for (ChildJvm bot : bots) {
                bot.close();
            }
            bots.clear();
            if (people != null) {
                people.shutdownNow();
            }
            if (standIn != null) {
                standIn.close();
            }
        } finally {
            ScratchDir.delete(dir);
        }
    }

    /**
     * Starts Afterglow on {@link #data()}, logging to {@code logName} in the run's directory, and
     * returns once it has answered a probe.
     */
    ChildJvm startBot(String logName) throws IOException, InterruptedException {
        ChildJvm bot = Bots.afterglow(List.of("-Xmx64m"), Bots.afterglowFromClassPath(), standIn, data(), dir,
                dir.resolve(logName));
        bots.add(bot);
        Bots.awaitReady(standIn, prober, bot);
        return bot;
    }

    /** Where the bot keeps its database, the same for every bot of the run. */
    Path data() {
        return dir.resolve("data");
    }

    DiscordStandIn standIn() {
        return standIn;
    }

    Load load() {
        return load;
    }

    /** Every interaction of the run, timed from its sending to its acknowledgement. */
    Interactions timed() {
        return timed;
    }

    /** Threads for the people, and for one more task beside them. */
    ExecutorService people() {
        return people;
    }
}
