package app.afterglow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real program ({@code app.afterglow.Main}) in a child JVM, as a host would, with bounded time. */
public final class Launch {
    public record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Launch() {
    }

    public static Outcome run(Path workDir, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        Process process = builder(workDir, env, args).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the program did not finish within 60 s");
        }
        return new Outcome(process.exitValue(), Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    /**
     * Starts the real program and leaves it running, for a test that stops it (a signal, as a
     * service manager would); its output goes to {@code stdout.txt} and {@code stderr.txt} in
     * {@code workDir}. The caller must make sure it ends.
     */
    public static Process start(Path workDir, Map<String, String> env, String... args) throws IOException {
        Process process = builder(workDir, env, args).start();
        process.getOutputStream().close();
        return process;
    }

    private static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "app.afterglow.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AFTERGLOW_"));
        builder.environment().putAll(env);
        builder.redirectOutput(workDir.resolve("stdout.txt").toFile()).redirectError(workDir.resolve("stderr.txt").toFile());
        return builder;
    }
}
