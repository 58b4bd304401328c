package app.afterglow.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For a test that runs the bot inside the test JVM: when the test fails, the log lines written
 * while it ran are copied to standard error, so they land in that test's surefire output beside
 * the failure, not only in the log file every test of the fork shares. The bot logs ids and
 * outcomes, never what anyone wrote, so nothing private is copied.
 */
public final class BotLogOnFailure implements BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BotLogOnFailure.class);
    private static final String START = "start";

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path log = TestLog.file();
        context.getStore(NAMESPACE).put(START, Files.exists(log) ? Files.size(log) : 0L);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path log = TestLog.file();
        long start = context.getStore(NAMESPACE).getOrDefault(START, Long.class, 0L);
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] since = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(since);
            System.err.println("---- the log of " + context.getDisplayName() + ", from " + log + " ----");
            System.err.println(new String(since, StandardCharsets.UTF_8));
            System.err.println("---- end of the log ----");
        } catch (IOException e) {
            System.err.println("---- no log to show from " + log + ": " + e + " ----");
        }
    }
}
