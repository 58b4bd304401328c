package app.afterglow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        return run(List.of(), workDir, env, stdin, args);
    }

    /**
     * Like {@link #run(Path, Map, String, String...)}, with the java command run through
     * {@code wrapper} — e.g. {@code setpriv} to take privileges away — unless it is empty.
     */
    public static Outcome run(List<String> wrapper, Path workDir, Map<String, String> env, String stdin,
                              String... args) throws IOException, InterruptedException {
        Running running = start(wrapper, workDir, env, args);
        running.process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        running.process.getOutputStream().close();
        if (!running.process.waitFor(60, TimeUnit.SECONDS)) {
            running.process.destroyForcibly();
            throw new AssertionError("the program did not finish within 60 s");
        }
        return running.outcome();
    }

    /** Starts the program and returns at once, for programs that run until they are stopped. */
    public static Running start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(List.of(), workDir, env, args);
    }

    /** Like {@link #start(Path, Map, String...)}, with the java command run through {@code wrapper} unless it is empty. */
    public static Running start(List<String> wrapper, Path workDir, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "app.afterglow.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AFTERGLOW_"));
        builder.environment().putAll(env);
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Running(builder.start(), out, err);
    }

    /** A program still running; {@link #stop()} ends it the way a service manager does. */
    public static final class Running {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Waits, at most {@code timeout}, until standard output contains {@code text}. */
        public void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
            await(out, "standard output", text, timeout);
        }

        /** Waits, at most {@code timeout}, until standard error (where the log goes) contains {@code text}. */
        public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
            await(err, "standard error", text, timeout);
        }

        private void await(Path file, String name, String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    Outcome so = outcome();
                    throw new AssertionError("no \"" + text + "\" on " + name + " within " + timeout + ":\n" + so.stdout()
                            + "\n" + so.stderr());
                }
                Thread.sleep(50);
            }
        }

        /** Ends the program at once (SIGKILL), as a crash or the OOM killer would, and waits for it to be gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the program did not end within 30 s of SIGKILL");
            }
        }

        /** Sends the polite stop signal (SIGTERM) and waits, at most 30 s, for the program to end. */
        public Outcome stop() throws IOException, InterruptedException {
            process.destroy();
            return awaitEnd("SIGTERM");
        }

        /** Sends SIGINT, as Ctrl-C in a terminal does, and waits, at most 30 s, for the program to end. */
        public Outcome interrupt() throws IOException, InterruptedException {
            // Java's Process sends only SIGTERM and SIGKILL; kill(1) sends the rest.
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -INT " + process.pid() + " failed");
            }
            return awaitEnd("SIGINT");
        }

        private Outcome awaitEnd(String signal) throws IOException, InterruptedException {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                Outcome so = outcome();
                throw new AssertionError("the program did not stop within 30 s of " + signal + ":\n" + so.stdout()
                        + "\n" + so.stderr());
            }
            return outcome();
        }

        private Outcome outcome() throws IOException {
            return new Outcome(process.isAlive() ? -1 : process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }
}
